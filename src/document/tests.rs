use super::*;

fn titles(d: &Document) -> Vec<(u8, String)> {
    d.sections
        .iter()
        .skip(1)
        .map(|s| (s.level, s.title.clone()))
        .collect()
}

#[test]
fn outline_of_sections_with_levels_and_subtrees() {
    let src = "# Title\n\nIntro text.\n\n## Requirements\n\n### Functional\n\n- Shorten a URL\n- Redirect\n\n### Non-functional\n\nLow latency.\n\n## Design\n\nBoxes.\n";
    let arena = Arena::new();
    let d = Document::parse(src, &arena);
    assert_eq!(
        titles(&d),
        vec![
            (1, "Title".into()),
            (2, "Requirements".into()),
            (3, "Functional".into()),
            (3, "Non-functional".into()),
            (2, "Design".into())
        ]
    );
    let req = 2;
    assert_eq!(d.sections[req].subtree_end, 5);
    assert_eq!(d.sections[3].parent, Some(2));
    assert_eq!(d.sections[1].subtree_end, 6);
    // Requirements has no own blocks, but its subtree holds the list items and the paragraph.
    let texts: Vec<&str> = d.blocks[d.subtree_blocks(req)]
        .iter()
        .filter(|b| b.is_prose())
        .map(|b| b.text)
        .collect();
    assert_eq!(texts, vec!["Shorten a URL", "Redirect", "Low latency."]);
    assert_eq!(d.subtree_words(req), 6);
    // Section spans run from the heading to the next heading.
    assert_eq!(
        &src[d.sections[4].span.clone()],
        "### Non-functional\n\nLow latency.\n\n"
    );
    let h = d.sections[2].heading.unwrap();
    assert_eq!(&src[d.blocks[h].span.clone()], "## Requirements");
}

#[test]
fn preamble_holds_text_before_first_heading() {
    let arena = Arena::new();
    let d = Document::parse("Some words here.\n\n# Later\n", &arena);
    assert_eq!(d.sections[0].blocks, 0..1);
    assert_eq!(d.blocks[0].text, "Some words here.");
    assert_eq!(d.title_section(), Some(1));
}

#[test]
fn three_headings_make_an_outline() {
    let has = |src: &str| Document::parse(src, &Arena::new()).has_headings();
    assert!(!has("Storage: 3 GB a day.\n"));
    assert!(!has("# Design a crawler\n\n## Notes\n\nStorage: 3 GB a day.\n"));
    assert!(has(
        "# Design a crawler\n\n## Scope\n\nThe web.\n\n## Notes\n\nStorage: 3 GB a day.\n"
    ));
    // A bold line used as a heading is one.
    assert!(has(
        "# Design\n\n**Scope**\n\nThe web.\n\n**Notes**\n\nStorage: 3 GB a day.\n"
    ));
}

#[test]
fn no_headings_anchor_is_first_line() {
    let src = "First line of text\nsecond line.\n";
    let arena = Arena::new();
    let d = Document::parse(src, &arena);
    assert_eq!(d.sections.len(), 1);
    assert_eq!(&src[d.anchor()], "First line of text");
}

#[test]
fn plain_text_maps_back_to_exact_source_bytes() {
    let src = "We store **10M** URLs × `500 B` = 5 GB in [the DB](http://x.io/a).\n";
    let arena = Arena::new();
    let d = Document::parse(src, &arena);
    let b = &d.blocks[0];
    assert_eq!(b.text, "We store 10M URLs × 500 B = 5 GB in the DB.");
    let i = b.text.find("10M").unwrap();
    assert_eq!(&src[b.source_range(i..i + 3)], "10M");
    let i = b.text.find("500 B").unwrap();
    assert_eq!(&src[b.source_range(i..i + 5)], "500 B");
    let i = b.text.find("× 500 B = 5 GB").unwrap();
    let r = b.source_range(i..i + "× 500 B = 5 GB".len());
    assert_eq!(&src[r], "× `500 B` = 5 GB");
    assert_eq!(d.links.len(), 1);
    assert_eq!(d.links[0].url, "http://x.io/a");
}

#[test]
fn multibyte_text_spans_stay_on_char_boundaries() {
    let src = "# 設計 🚀\n\nÜber die Größe: 10M × 2 KB = 20 GB 日本.\n";
    let arena = Arena::new();
    let d = Document::parse(src, &arena);
    assert_eq!(d.sections[1].title, "設計 🚀");
    let b = &d.blocks[1];
    let i = b.text.find("20 GB").unwrap();
    let r = b.source_range(i..i + 5);
    assert_eq!(&src[r.clone()], "20 GB");
    let lc = d.line_col(r.start);
    assert_eq!(lc.line, 3);
    assert_eq!(lc.column, "Über die Größe: 10M × 2 KB = ".chars().count() + 1);
}

#[test]
fn yaml_front_matter_is_skipped_but_keeps_its_bytes() {
    let src = "---\ntitle: x\ndesignlint: { rubric: adr }\n---\n# Heading\n\nText.\n";
    let arena = Arena::new();
    let d = Document::parse(src, &arena);
    let fm = d.front_matter.as_ref().unwrap();
    assert_eq!(fm.kind, FrontMatterKind::Yaml);
    assert_eq!(
        &src[fm.content.clone()],
        "title: x\ndesignlint: { rubric: adr }\n"
    );
    assert_eq!(titles(&d), vec![(1, "Heading".into())]);
    let h = d.sections[1].heading.unwrap();
    assert_eq!(&src[d.blocks[h].span.clone()], "# Heading");
    assert!(d.blocks.iter().all(|b| !b.text.contains("title:")));
}

#[test]
fn toml_front_matter() {
    let src = "+++\ntitle = \"x\"\n+++\n\nBody text.\n";
    let arena = Arena::new();
    let d = Document::parse(src, &arena);
    assert_eq!(d.front_matter.as_ref().unwrap().kind, FrontMatterKind::Toml);
    assert_eq!(d.blocks.len(), 1);
    assert_eq!(d.blocks[0].text, "Body text.");
}

#[test]
fn bom_is_skipped_and_offsets_count_it() {
    let src = "\u{feff}# Title\n\nText.\n";
    let arena = Arena::new();
    let d = Document::parse(src, &arena);
    assert_eq!(titles(&d), vec![(1, "Title".into())]);
    let h = d.sections[1].heading.unwrap();
    assert_eq!(d.blocks[h].span, 3..10);
    assert_eq!(&src[d.blocks[1].span.clone()], "Text.");
}

#[test]
fn crlf_line_endings() {
    let src = "# Title\r\n\r\nLine one\r\nline two.\r\n\r\n## Next\r\n";
    let arena = Arena::new();
    let d = Document::parse(src, &arena);
    assert_eq!(titles(&d), vec![(1, "Title".into()), (2, "Next".into())]);
    let b = &d.blocks[1];
    assert_eq!(&src[b.span.clone()], "Line one\r\nline two.");
    assert_eq!(b.text, "Line one line two.");
    let i = b.text.find("two").unwrap();
    assert_eq!(&src[b.source_range(i..i + 3)], "two");
    assert_eq!(d.line_col(b.span.start + 10).line, 4);
}

#[test]
fn bold_paragraph_is_a_pseudo_heading_nested_under_the_real_one() {
    let src = "## Requirements\n\n**Functional:**\n\n- Post a tweet\n\n**Non-functional**\n\nFast.\n\n**Note:** this is a sentence, not a heading.\n\n## Design\n";
    let arena = Arena::new();
    let d = Document::parse(src, &arena);
    assert_eq!(
        titles(&d),
        vec![
            (2, "Requirements".into()),
            (3, "Functional".into()),
            (3, "Non-functional".into()),
            (2, "Design".into())
        ]
    );
    assert!(d.sections[2].pseudo);
    assert_eq!(d.sections[2].parent, Some(1));
    assert_eq!(d.subtree_words(1), 3 + 1 + 8);
}

#[test]
fn tables_become_rows_with_cells_joined() {
    let src = "| Metric | Target |\n|---|---|\n| p99 latency | < 200 ms |\n| Availability | 99.9% |\n";
    let arena = Arena::new();
    let d = Document::parse(src, &arena);
    let rows: Vec<(&str, bool)> = d
        .blocks
        .iter()
        .map(|b| (b.text, matches!(b.kind, BlockKind::TableRow { header: true })))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Metric | Target", true),
            ("p99 latency | < 200 ms", false),
            ("Availability | 99.9%", false)
        ]
    );
    let b = &d.blocks[1];
    let i = b.text.find("200 ms").unwrap();
    assert_eq!(&src[b.source_range(i..i + 6)], "200 ms");
}

#[test]
fn code_blocks_keep_info_and_are_not_prose() {
    let src = "```mermaid\ngraph LR\n  A-->B\n```\n\n    indented code\n";
    let arena = Arena::new();
    let d = Document::parse(src, &arena);
    assert_eq!(d.blocks.len(), 2);
    assert_eq!(d.blocks[0].code_lang().as_deref(), Some("mermaid"));
    assert_eq!(d.blocks[0].text, "graph LR\n  A-->B\n");
    assert!(!d.blocks[0].is_prose());
    assert_eq!(
        d.blocks[1].kind,
        BlockKind::Code {
            info: Box::default(),
            fenced: false
        }
    );
    let i = d.blocks[0].text.find("A-->B").unwrap();
    assert_eq!(&src[d.blocks[0].source_range(i..i + 5)], "A-->B");
}

#[test]
fn list_items_nested_and_loose() {
    let src = "- top one\n  - nested two\n- top three\n\n1. first\n\n2. second\n";
    let arena = Arena::new();
    let d = Document::parse(src, &arena);
    let items: Vec<(&str, u8, bool)> = d
        .blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::ListItem { ordered, depth } => Some((b.text, depth, ordered)),
            _ => None,
        })
        .collect();
    assert_eq!(
        items,
        vec![
            ("top one", 1, false),
            ("nested two", 2, false),
            ("top three", 1, false),
            ("first", 1, true),
            ("second", 1, true)
        ]
    );
    assert_eq!(&src[d.blocks[0].span.clone()], "- top one");
}

#[test]
fn urls_are_masked_from_prose() {
    let arena = Arena::new();
    let d = Document::parse(
        "See https://example.com/cache-design and <http://a.b/queue>.\n",
        &arena,
    );
    let b = &d.blocks[0];
    let cache = b.text.find("cache").unwrap();
    assert!(b.is_masked(&(cache..cache + 5)));
    let queue = b.text.find("queue").unwrap();
    assert!(b.is_masked(&(queue..queue + 5)));
    let see = b.text.find("See").unwrap();
    assert!(!b.is_masked(&(see..see + 3)));
    // Kept after the segments (the autolink's text, then each URL), which
    // map as they would alone.
    let masked: Vec<&str> = b.masked().map(|m| &b.text[m]).collect();
    assert_eq!(
        masked,
        [
            "http://a.b/queue",
            "https://example.com/cache-design",
            "http://a.b/queue."
        ]
    );
    assert_eq!(b.segs().len() + 3, b.maps.len());
    let src = "See https://example.com/cache-design and <http://a.b/queue>.\n";
    assert_eq!(&src[b.source_range(queue..queue + 5)], "queue");
    assert_eq!(std::mem::size_of::<Block>(), 80);
}

#[test]
fn suppression_directives_in_block_and_inline_html() {
    let src = "<!-- designlint-disable DL505, vague-quantifiers -->\n\nText <!-- designlint-disable-next-line --> more.\n\n<!-- designlint-enable DL505 -->\n<!-- designlint-disable-file DL502 -->\n";
    let arena = Arena::new();
    let d = Document::parse(src, &arena);
    let kinds: Vec<(DirectiveKind, Vec<String>)> =
        d.directives.iter().map(|x| (x.kind, x.rules.clone())).collect();
    assert_eq!(
        kinds,
        vec![
            (
                DirectiveKind::Disable,
                vec!["DL505".into(), "vague-quantifiers".into()]
            ),
            (DirectiveKind::DisableNextLine, vec![]),
            (DirectiveKind::Enable, vec!["DL505".into()]),
            (DirectiveKind::DisableFile, vec!["DL502".into()]),
        ]
    );
    assert!(src[d.directives[1].span.clone()].starts_with("<!--"));
}

#[test]
fn images_are_links_with_image_flag() {
    let arena = Arena::new();
    let d = Document::parse("![Architecture](img/arch.png)\n", &arena);
    assert_eq!(d.links.len(), 1);
    assert!(d.links[0].image);
    assert_eq!(d.links[0].url, "img/arch.png");
}

#[test]
fn empty_and_whitespace_inputs() {
    for src in ["", "   \n\n\t", "\u{feff}", "---\n---\n", "#", "# \n"] {
        let arena = Arena::new();
        let d = Document::parse(src, &arena);
        assert!(d.body.end <= src.len());
        let a = d.anchor();
        assert!(a.start <= a.end && a.end <= src.len());
    }
}

#[test]
fn entities_and_escapes_map_to_the_whole_piece() {
    let src = "A &amp; B \\* C\n";
    let arena = Arena::new();
    let d = Document::parse(src, &arena);
    let b = &d.blocks[0];
    assert_eq!(b.text, "A & B * C");
    let r = b.source_range(0..b.text.len());
    assert_eq!(r, 0..src.trim_end().len());
}

#[test]
fn word_count_fast_path_agrees_with_unicode_splitting() {
    let slow = |t: &str| {
        t.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    };
    for t in [
        "",
        "   ",
        "one",
        "  two words  ",
        "a - b -- c",
        "tabs\tand\nnewlines\r\nand\x0Bvertical\x0Cfeeds",
        "--- *** 42 x",
        "café au lait — 3 ☕",
        "no\u{a0}break\u{2003}em space ０１",
        // Across the 32-byte chunks of the fast path, with runs of punctuation
        // and multi-byte characters on the chunk edges.
        "a-b (c) -- d, e... \"f\" -------------------------------- g h",
        "0123456789012345678901234567890 x 34567890123456789012345678901—yz ——",
        "                               é                                 ",
        "------------------------------------------------------------------x",
        "word                                                         \u{a0}\u{a0}\u{a0}word",
    ] {
        assert_eq!(super::count_words(t), slow(t), "{t:?}");
    }
    // Every fixture, whole and line by line; then every suffix of a mixed
    // text, so that each byte falls at every position of a 32-byte chunk.
    let texts = crate::test_support::fixture_texts();
    for t in &texts {
        assert_eq!(super::count_words(t), slow(t));
        for line in t.lines() {
            assert_eq!(super::count_words(line), slow(line), "{line:?}");
        }
    }
    let mixed = "Café — 設計 🚀 a-b (c) \u{a0}x\u{2003}y ０１ -- \"q\" e.g. 3×4 = 12 …\n".repeat(3);
    for (k, _) in mixed.char_indices() {
        let t = &mixed[k..];
        assert_eq!(super::count_words(t), slow(t), "{t:?}");
    }
}

/// Every fixture, one after another.
fn all_fixtures() -> String {
    fn walk(p: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(p)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for e in entries {
            if e.is_dir() {
                walk(&e, out);
            } else if e.extension().is_some_and(|x| x == "md") {
                out.push(e);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures")),
        &mut files,
    );
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parsed in pieces, a document is the document parsed whole: every fixture
/// one after another, in pieces of 2 KB or more.
#[test]
fn a_document_parsed_in_pieces_is_the_document_parsed_whole() {
    let arena = Arena::new();
    let text = all_fixtures();
    let plan = pieces::Plan::new(&text, options(), 2048).expect("a plan");
    assert!(plan.cuts.len() > 20, "{} pieces", plan.cuts.len() - 1);
    let whole = format!("{:?}", Builder::new(&text, &arena).build());
    let pieces = Builder::new(&text, &arena)
        .build_pieces(&plan)
        .expect("the pieces agree");
    assert!(format!("{pieces:?}") == whole);
    assert!(format!("{:?}", Document::parse_in_pieces(&text, &arena, 0, 2048)) == whole);
}

/// A link defined in another piece, a footnote, a heading inside a fence and
/// one inside an HTML comment.
#[test]
fn pieces_keep_what_the_whole_document_knows() {
    let arena = Arena::new();
    let text = "# One\n\nSee [the Docs] and [x][Other].[^n]\n\n[^n]: A note.\n\n```\n# not a heading\n```\n\n\
                <!--\n\n# nor this\n\n-->\n\n# Two\n\n[the docs]: https://a.example/\n\n## Three\n\n\
                [other]: <https://b.example/> \"T\"\n\nText [the docs].\n";
    let plan = pieces::Plan::new(text, options(), 1).expect("a plan");
    // At "# Two" and "## Three" only.
    assert_eq!(plan.cuts.len(), 4, "{:?}", plan.cuts);
    let whole = Builder::new(text, &arena).build();
    assert_eq!(whole.links.len(), 3);
    let pieces = Builder::new(text, &arena)
        .build_pieces(&plan)
        .expect("the pieces agree");
    assert_eq!(format!("{pieces:?}"), format!("{whole:?}"));
}

/// A label defined twice, otherwise: the first definition is the document's,
/// so the text is parsed whole.
#[test]
fn a_label_defined_otherwise_in_another_piece_is_parsed_whole() {
    let arena = Arena::new();
    let text = "# One\n\n[a] here.\n\n[a]: https://first.example/\n\n# Two\n\n[a] there.\n\n[a]: https://second.example/\n";
    let plan = pieces::Plan::new(text, options(), 1).expect("a plan");
    assert!(Builder::new(text, &arena).build_pieces(&plan).is_none());
    let doc = Document::parse_in_pieces(text, &arena, 0, 1);
    assert_eq!(
        format!("{doc:?}"),
        format!("{:?}", Document::parse(text, &Arena::new()))
    );
    assert!(doc.links.iter().all(|l| l.url == "https://first.example/"));
}

/// A footnote referred to only from another piece keeps the text whole.
#[test]
fn a_footnote_defined_in_another_piece_holds_the_pieces_together() {
    let arena = Arena::new();
    let text = "# One\n\nA claim.[^n]\n\n# Two\n\n[^n]: Its source.\n\n# Three\n\nMore.\n";
    let plan = pieces::Plan::new(text, options(), 1).expect("a plan");
    // Not at "# Two", between the reference and its definition.
    assert_eq!(plan.cuts, vec![0, text.find("# Three").unwrap(), text.len()]);
    let pieces = Builder::new(text, &arena)
        .build_pieces(&plan)
        .expect("the pieces agree");
    assert_eq!(
        format!("{pieces:?}"),
        format!("{:?}", Builder::new(text, &arena).build())
    );
}

/// A block whose text is its source verbatim keeps no copy of it: its text
/// is the source's. Another's is in the arena. Either way each character of
/// the text maps back to itself in the source, multi-byte ones included.
#[test]
fn verbatim_texts_are_the_sources_and_map_back_to_it() {
    let src = "# Café 日本 🚀\n\n- naïve [note] in 東京 [x]\n\nA *bold* claim, \
               wrapped\nover two lines: ünïcödé.\n\n```text\nλ → μ\nsecond line\n```\n\n\
               | a | b |\n|---|---|\n| é | 日 |\n";
    let arena = Arena::new();
    let d = Document::parse(src, &arena);
    let inside = |t: &str| {
        let (s, p) = (src.as_ptr() as usize, t.as_ptr() as usize);
        s <= p && p + t.len() <= s + src.len()
    };
    let texts: Vec<(&str, bool)> = d.blocks.iter().map(|b| (b.text, inside(b.text))).collect();
    assert_eq!(
        texts,
        [
            ("Café 日本 🚀", true),
            ("naïve [note] in 東京 [x]", true),
            ("A bold claim, wrapped over two lines: ünïcödé.", false),
            ("λ → μ\nsecond line\n", true),
            ("a | b", false),
            ("é | 日", false),
        ]
    );
    // Text that pulldown-cmark hands over in pieces (at each bracket),
    // contiguous in the source: one segment.
    assert_eq!(d.blocks[1].segs().len(), 1);
    assert_eq!(d.blocks[3].segs().len(), 1);
    for b in &d.blocks {
        for (i, c) in b.text.char_indices() {
            let r = b.source_range(i..i + c.len_utf8());
            if !c.is_whitespace() && c != '|' {
                assert_eq!(&src[r], c.to_string(), "{c:?} in {:?}", b.text);
            }
        }
    }
}

/// Merging contiguous verbatim segments changes no span: every range of
/// every fixture's blocks maps as it does through the segments unmerged.
#[test]
fn merged_segments_map_as_the_pieces_did() {
    let text = all_fixtures();
    let arena = Arena::new();
    let d = Document::parse(&text, &arena);
    let mut merged = 0;
    for b in &d.blocks {
        // The segments split again at every character of the exact ones.
        let mut split = Vec::new();
        for s in b.segs() {
            if s.exact() && s.src_len() > 1 {
                let t = &b.text[s.plain()..s.plain() + s.src_len()];
                merged += 1;
                for (i, c) in t.char_indices() {
                    split.push(Seg::new(
                        s.plain() + i,
                        s.src() + i..s.src() + i + c.len_utf8(),
                        true,
                    ));
                }
            } else {
                split.push(*s);
            }
        }
        let unmerged = Block {
            maps: &split,
            masked: 0,
            ..b.clone()
        };
        let bounds: Vec<usize> = b
            .text
            .char_indices()
            .map(|(i, _)| i)
            .chain([b.text.len()])
            .collect();
        for (k, &i) in bounds.iter().enumerate() {
            for &j in &bounds[k..bounds.len().min(k + 4)] {
                assert_eq!(
                    b.source_range(i..j),
                    unmerged.source_range(i..j),
                    "{:?} {i}..{j}",
                    b.text
                );
            }
        }
    }
    assert!(merged > 100, "{merged}");
}
