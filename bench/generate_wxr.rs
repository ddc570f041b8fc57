//! Writes a WordPress export (WXR 1.2) of a bilingual news site for the import benchmark: N
//! posts, half in English and half in Bangla (Polylang language terms, each Bangla post linked
//! to its English original), each in one of 12 categories with 3 of 400 tags, three paragraphs
//! in classic-editor form (blank lines, a link to an earlier post), and 0 to 4 comments with
//! replies, over five years.
//!
//!   cargo run --release --example generate_wxr -- --posts 100000 > /tmp/site.xml

use std::io::{BufWriter, Write};

const EN_WORDS: &[&str] = &[
    "government",
    "minister",
    "election",
    "river",
    "flood",
    "market",
    "prices",
    "students",
    "court",
    "budget",
    "cricket",
    "dhaka",
    "port",
    "garment",
    "workers",
    "export",
    "bank",
    "energy",
    "power",
    "road",
    "bridge",
    "health",
    "hospital",
    "climate",
    "rain",
    "farmers",
    "rice",
    "school",
    "police",
    "city",
    "council",
];
const BN_WORDS: &[&str] = &[
    "সরকার",
    "মন্ত্রী",
    "নির্বাচন",
    "নদী",
    "বন্যা",
    "বাজার",
    "দাম",
    "শিক্ষার্থী",
    "আদালত",
    "বাজেট",
    "ক্রিকেট",
    "ঢাকা",
    "বন্দর",
    "পোশাক",
    "শ্রমিক",
    "রপ্তানি",
    "ব্যাংক",
    "জ্বালানি",
    "বিদ্যুৎ",
    "সড়ক",
    "সেতু",
    "স্বাস্থ্য",
    "হাসপাতাল",
    "জলবায়ু",
    "বৃষ্টি",
    "কৃষক",
    "চাল",
    "বিদ্যালয়",
    "পুলিশ",
    "শহর",
];
const CATEGORIES: &[(&str, &str)] = &[
    ("national", "National"),
    ("international", "International"),
    ("economy", "Economy"),
    ("sports", "Sports"),
    ("politics", "Politics"),
    ("opinion", "Opinion"),
    ("%e0%a6%a6%e0%a7%87%e0%a6%b6", "দেশ"),
    ("%e0%a6%ac%e0%a6%bf%e0%a6%b6%e0%a7%8d%e0%a6%ac", "বিশ্ব"),
    ("%e0%a6%85%e0%a6%b0%e0%a7%8d%e0%a6%a5%e0%a6%a8%e0%a7%80%e0%a6%a4%e0%a6%bf", "অর্থনীতি"),
    ("%e0%a6%96%e0%a7%87%e0%a6%b2%e0%a6%be", "খেলা"),
    ("%e0%a6%b0%e0%a6%be%e0%a6%9c%e0%a6%a8%e0%a7%80%e0%a6%a4%e0%a6%bf", "রাজনীতি"),
    ("%e0%a6%ae%e0%a6%a4%e0%a6%be%e0%a6%ae%e0%a6%a4", "মতামত"),
];

/// A small deterministic generator, so every run writes the same file.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn words(&mut self, list: &[&str], n: usize) -> String {
        (0..n).map(|_| list[self.next(list.len())]).collect::<Vec<_>>().join(" ")
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let posts: usize = args
        .iter()
        .position(|a| a == "--posts")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut rng = Lcg(42);
    writeln!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Daily Bench</title>
<link>https://bench.example.com</link>
<language>en-US</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://bench.example.com</wp:base_site_url>
<wp:base_blog_url>https://bench.example.com</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[desk]]></wp:author_login><wp:author_email><![CDATA[desk@example.com]]></wp:author_email><wp:author_display_name><![CDATA[News Desk]]></wp:author_display_name></wp:author>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[rahim]]></wp:author_login><wp:author_email><![CDATA[rahim@example.com]]></wp:author_email><wp:author_display_name><![CDATA[রহিম উদ্দিন]]></wp:author_display_name></wp:author>"#
    )?;
    for (i, (slug, name)) in CATEGORIES.iter().enumerate() {
        writeln!(
            out,
            "<wp:category><wp:term_id>{}</wp:term_id><wp:category_nicename><![CDATA[{slug}]]></wp:category_nicename>\
             <wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[{name}]]></wp:cat_name></wp:category>",
            i + 1
        )?;
    }
    // Polylang: one translation group per pair (English post 2k-1, Bangla post 2k).
    for pair in 0..posts / 2 {
        let (en, bn) = (2 * pair + 1, 2 * pair + 2);
        writeln!(
            out,
            "<wp:term><wp:term_id>{}</wp:term_id><wp:term_taxonomy><![CDATA[post_translations]]></wp:term_taxonomy>\
             <wp:term_slug><![CDATA[pll_{pair}]]></wp:term_slug><wp:term_name><![CDATA[pll_{pair}]]></wp:term_name>\
             <wp:term_description><![CDATA[a:2:{{s:2:\"en\";i:{en};s:2:\"bn\";i:{bn};}}]]></wp:term_description></wp:term>",
            1000 + pair
        )?;
    }
    let start = 1_577_836_800_i64; // 2020-01-01
    let mut comment_id = 1;
    for id in 1..=posts {
        let bangla = id % 2 == 0;
        let (words, lang) = if bangla { (BN_WORDS, "bn") } else { (EN_WORDS, "en") };
        let category = CATEGORIES[rng.next(6) + if bangla { 6 } else { 0 }];
        let n = 6 + rng.next(4);
        let title = rng.words(words, n);
        let slug = if bangla { format!("post-{id}") } else { title.replace(' ', "-") };
        let at = start + (id as i64) * 1_500;
        let date = chrono_like(at);
        let paragraphs: Vec<String> = (0..3)
            .map(|_| {
                let n = 40 + rng.next(30);
                rng.words(words, n) + "."
            })
            .collect();
        let earlier = if id > 2 {
            format!(" <a href=\"https://bench.example.com/?p={}\">{}</a>", id - 2, rng.words(words, 2))
        } else {
            String::new()
        };
        write!(
            out,
            "<item><title><![CDATA[{title}]]></title><link>https://bench.example.com/{}/{slug}/</link>\
             <dc:creator><![CDATA[{}]]></dc:creator><guid isPermaLink=\"false\">https://bench.example.com/?p={id}</guid>\
             <content:encoded><![CDATA[{}\n\n{}{earlier}\n\n{}]]></content:encoded>\
             <excerpt:encoded><![CDATA[{}]]></excerpt:encoded>\
             <wp:post_id>{id}</wp:post_id><wp:post_date><![CDATA[{date}]]></wp:post_date>\
             <wp:post_date_gmt><![CDATA[{date}]]></wp:post_date_gmt><wp:post_modified_gmt><![CDATA[{date}]]></wp:post_modified_gmt>\
             <wp:post_name><![CDATA[{slug}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status>\
             <wp:post_type><![CDATA[post]]></wp:post_type>\
             <category domain=\"category\" nicename=\"{}\"><![CDATA[{}]]></category>\
             <category domain=\"language\" nicename=\"{lang}\"><![CDATA[{lang}]]></category>\
             <category domain=\"post_translations\" nicename=\"pll_{}\"><![CDATA[pll_{}]]></category>",
            &date[..4],
            if bangla { "rahim" } else { "desk" },
            paragraphs[0],
            paragraphs[1],
            paragraphs[2],
            rng.words(words, 12),
            category.0,
            category.1,
            (id - 1) / 2,
            (id - 1) / 2,
        )?;
        for _ in 0..3 {
            let tag = rng.next(200) + if bangla { 200 } else { 0 };
            write!(
                out,
                "<category domain=\"post_tag\" nicename=\"tag-{tag}\"><![CDATA[{} {tag}]]></category>",
                rng.words(words, 1)
            )?;
        }
        let comments = rng.next(5);
        let first = comment_id;
        for c in 0..comments {
            let parent = if c > 0 && rng.next(2) == 0 { first } else { 0 };
            write!(
                out,
                "<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author><![CDATA[Reader {}]]></wp:comment_author>\
                 <wp:comment_date_gmt><![CDATA[{}]]></wp:comment_date_gmt><wp:comment_content><![CDATA[{}]]></wp:comment_content>\
                 <wp:comment_approved><![CDATA[{}]]></wp:comment_approved><wp:comment_parent>{parent}</wp:comment_parent></wp:comment>",
                rng.next(1000),
                chrono_like(at + 3_600 * (c as i64 + 1)),
                rng.words(words, 15),
                if rng.next(10) == 0 { "0" } else { "1" },
            )?;
            comment_id += 1;
        }
        writeln!(out, "</item>")?;
    }
    writeln!(out, "</channel>\n</rss>")?;
    out.flush()
}

/// `YYYY-MM-DD HH:MM:SS` of a Unix time (UTC).
fn chrono_like(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0).unwrap_or_default().format("%Y-%m-%d %H:%M:%S").to_string()
}
