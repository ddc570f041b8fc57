use super::render::{Photo, render};
use super::text::{blocks, plain, word_count};
use super::*;
use crate::editions::Lang;

fn no_photos(_: i64) -> Option<Photo> {
    None
}

fn page_html(body: &Body) -> String {
    render(body, Lang::En, &no_photos).html.into_string()
}

#[test]
fn every_sample_story_renders_exactly_as_its_markdown_did() {
    let articles = crate::sample::articles().unwrap();
    assert!(articles.len() > 10);
    for a in &articles {
        let before = crate::html::markdown(&a.body).into_string();
        let after = page_html(&Body::from_legacy_markdown(&a.body));
        assert_eq!(after, before, "{}", a.key);
    }
}

#[test]
fn markdown_with_every_construct_renders_as_before() {
    let md = "# One\n\nSome *em* and **strong** and ~~gone~~ & \"quotes\" < >\u{a0}x.\n\n> quoted\n\n\
              1. first\n2. second\n\n- a\n- [link](https://example.com \"t\")\n\n---\n\n`code` and\n\n    pre\n\n\
              ![alt](/media/x.jpg) [bad](javascript:alert(1)) <b onclick=\"x\">raw</b>\n\nline  \nbreak\n";
    assert_eq!(page_html(&Body::from_legacy_markdown(md)), crate::html::markdown(md).into_string());
}

#[test]
fn the_allowlist_drops_scripts_handlers_styles_and_dangerous_links() {
    let body = Body::from_html(
        "<p onclick=\"steal()\" style=\"color:red\" class=\"MsoNormal\">Hi <script>alert(1)</script>\
         <a href=\"javascript:alert(1)\">x</a> <a href=\"https://ok.example/\" target=\"_blank\">ok</a>\
         <img src=\"x\" onerror=\"alert(1)\"></p><style>p{}</style><iframe src=\"https://evil.example\"></iframe>\
         <!-- a comment --><svg><script>1</script></svg><span style=\"font-family:Arial\">kept text</span>",
    );
    let html = body.as_str();
    for bad in ["script", "onclick", "onerror", "style", "class=", "javascript", "iframe", "svg", "comment", "target"] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    assert!(html.contains("<a href=\"https://ok.example/\">ok</a>"), "{html}");
    assert!(html.contains("<p>kept text</p>"), "loose text becomes a paragraph: {html}");
}

#[test]
fn an_embed_keeps_only_a_known_providers_post_and_nothing_inside() {
    let body = Body::from_html(
        "<figure data-embed=\"youtube\" data-url=\"https://youtu.be/dQw4w9WgXcQ\">\
         <figure data-embed=\"x\" data-url=\"https://x.com/a/status/1\"></figure><script>1</script>\
         <iframe src=\"https://evil.example\"></iframe></figure>\
         <figure data-embed=\"youtube\" data-url=\"javascript:alert(1)\"></figure>\
         <figure data-embed=\"vimeo\" data-url=\"https://example.com/video\"></figure>",
    );
    assert_eq!(
        body.as_str(),
        "<figure data-embed=\"youtube\" data-url=\"https://youtu.be/dQw4w9WgXcQ\"></figure>\
         <p><a href=\"https://example.com/video\">https://example.com/video</a></p>"
    );
}

#[test]
fn a_photo_keeps_its_number_size_alt_credit_and_caption_as_text() {
    let body = Body::from_html(
        "<figure data-media=\"12\" data-size=\"full\" data-alt=\"A boat\" data-credit=\"Photo: Rina\" onclick=\"x\">\
         <img src=\"https://evil.example/t.gif\"><figcaption>On the <b>Padma</b>, at dawn</figcaption></figure>\
         <figure data-media=\"-3\"><figcaption>bad number</figcaption></figure>\
         <figure data-media=\"7\" data-size=\"huge\"></figure>",
    );
    assert_eq!(
        body.as_str(),
        "<figure data-media=\"12\" data-size=\"full\" data-alt=\"A boat\" data-credit=\"Photo: Rina\">\
         <figcaption>On the Padma, at dawn</figcaption></figure><figure data-media=\"7\"></figure>"
    );
    assert_eq!(body.photos().iter().map(|p| p.media_id).collect::<Vec<_>>(), vec![12, 7]);
}

#[test]
fn a_placed_photo_renders_as_a_responsive_lazy_figure_with_the_storys_caption() {
    let body = Body::from_html(
        "<figure data-media=\"12\" data-credit=\"Photo: Rina\"><figcaption>For this story</figcaption></figure>",
    );
    let photo = |id: i64| {
        (id == 12).then(|| Photo {
            src: "/media/a-960.webp".into(),
            srcset: "/media/a-480.webp 480w, /media/a-960.webp 960w".into(),
            width: 1200,
            height: 800,
            alt: "Library alt".into(),
            caption: "Library caption".into(),
            credit: "Library credit".into(),
        })
    };
    let html = render(&body, Lang::En, &photo).html.into_string();
    assert_eq!(
        html,
        "<figure class=\"story-photo\"><img src=\"/media/a-960.webp\" srcset=\"/media/a-480.webp 480w, \
         /media/a-960.webp 960w\" sizes=\"(min-width: 900px) 720px, 100vw\" width=\"1200\" height=\"800\" \
         alt=\"Library alt\" loading=\"lazy\" decoding=\"async\"><figcaption>For this story \
         <span class=\"credit\">Photo: Rina</span></figcaption></figure>"
    );
    assert_eq!(render(&body, Lang::En, &no_photos).html.as_str(), "", "a deleted photo is left out");
}

#[test]
fn an_empty_alt_is_filled_from_the_library() {
    let body = Body::from_html("<figure data-media=\"4\"><figcaption>c</figcaption></figure>");
    let filled = body.with_alt_from(|id| (id == 4).then(|| "From the library".to_owned()));
    assert_eq!(filled.photos()[0].alt, "From the library");
}

#[test]
fn markdown_turns_a_post_address_alone_on_its_line_into_an_embed() {
    let body = Body::from_markdown(
        "Watch:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nSee https://x.com/a/status/1 too.",
    );
    assert_eq!(
        body.as_str(),
        "<p>Watch:</p>\n<figure data-embed=\"youtube\" data-url=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\">\
         </figure>\n<p>See https://x.com/a/status/1 too.</p>\n"
    );
    let rendered = render(&body, Lang::Bn, &no_photos);
    assert_eq!(rendered.players, vec![embed::Provider::YouTube]);
    assert!(rendered.html.as_str().contains("YouTube ভিডিওটি চালান"), "{}", rendered.html);
}

#[test]
fn markdown_tables_and_pull_quotes_are_kept() {
    let body = Body::from_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n");
    assert!(body.as_str().starts_with("<table><thead><tr><th>a</th>"), "{}", body.as_str());
    let quote = Body::from_html("<blockquote class=\"pullquote other\"><p>Said</p></blockquote>");
    assert_eq!(quote.as_str(), "<blockquote class=\"pullquote\"><p>Said</p></blockquote>");
}

#[test]
fn blocks_and_words_read_the_text_not_the_markup() {
    let body = Body::from_html(
        "<h2>শিরোনাম</h2><p>আমি <strong>বাংলায়</strong> গান গাই।</p><ul><li>one</li><li>two</li></ul>\
         <figure data-media=\"3\" data-alt=\"alt\"><figcaption>cap</figcaption></figure>\
         <table><tr><th>a</th><th>b</th></tr></table>",
    );
    let kinds: Vec<_> = blocks(&body).into_iter().map(|b| format!("{}:{}", b.kind, b.text)).collect();
    assert_eq!(kinds, ["h2:শিরোনাম", "p:আমি বাংলায় গান গাই।", "li:one", "li:two", "photo 3:cap [alt]", "tr:a | b"]);
    assert_eq!(plain(&body), "শিরোনাম\n\nআমি বাংলায় গান গাই।\n\none\n\ntwo\n\na | b");
    assert_eq!(word_count(&body), 9);
}

#[test]
fn feeds_get_every_address_of_the_site_absolute() {
    let html = "<p><a href=\"/en/news/1/x\" rel=\"noopener\">a</a> <a href=\"https://x.test/\">b</a></p>\
                <figure class=\"story-photo\"><img src=\"/media/a-960.webp\" srcset=\"/media/a-480.webp 480w, /media/a.png 1200w\" alt=\"x\"></figure>";
    let out = super::render::with_absolute_urls(html, "https://news.test");
    assert_eq!(
        out,
        "<p><a href=\"https://news.test/en/news/1/x\" rel=\"noopener\">a</a> <a href=\"https://x.test/\">b</a></p>\
         <figure class=\"story-photo\"><img src=\"https://news.test/media/a-960.webp\" \
         srcset=\"https://news.test/media/a-480.webp 480w, https://news.test/media/a.png 1200w\" alt=\"x\"></figure>"
    );
}

#[test]
fn the_stored_form_is_stored_again_unchanged() {
    for html in [
        "<a href=\"https://x.test/\"><p>hi</p></a>",
        "<em><figure data-media=\"3\"><figcaption>c</figcaption></figure></em>",
        "<strong>a<h2>b</h2></strong> tail",
        "<p>One</p>\n<ul><li><p>a</p><ul><li>b</li></ul></li></ul>\n<table><tr><td><p>x</p></td></tr></table>",
        "loose <b>text</b><p>then a block</p>more",
    ] {
        let once = Body::from_html(html);
        assert_eq!(Body::from_html(once.as_str()), once, "{html}");
    }
}

#[test]
fn photos_anywhere_in_the_body_are_found_and_given_the_librarys_alt() {
    let body = Body::from_html(
        "<ul><li><figure data-media=\"5\"></figure></li></ul><blockquote><figure data-media=\"6\" \
         data-size=\"full\"><figcaption>c</figcaption></figure></blockquote>",
    );
    assert_eq!(body.photos().iter().map(|p| p.media_id).collect::<Vec<_>>(), vec![5, 6]);
    let filled = body.with_alt_from(|id| Some(format!("alt {id}")));
    assert_eq!(filled.photos().iter().map(|p| p.alt.as_str()).collect::<Vec<_>>(), vec!["alt 5", "alt 6"]);
    assert!(
        filled.as_str().contains("<figure data-media=\"6\" data-size=\"full\" data-alt=\"alt 6\">"),
        "{}",
        filled.as_str()
    );
}

#[test]
fn an_address_in_a_code_block_stays_text_and_http_posts_are_kept_as_https() {
    let body = Body::from_markdown("```\nhttps://youtu.be/dQw4w9WgXcQ\n```\n\nhttp://youtu.be/dQw4w9WgXcQ\n");
    assert!(body.as_str().contains("<pre><code>https://youtu.be/dQw4w9WgXcQ\n</code></pre>"), "{}", body.as_str());
    assert!(
        body.as_str().contains("<figure data-embed=\"youtube\" data-url=\"https://youtu.be/dQw4w9WgXcQ\"></figure>"),
        "{}",
        body.as_str()
    );
}

#[test]
fn only_a_real_facade_lets_a_player_be_framed() {
    let text = Body::from_html(
        "<p>data-player=\"https://player.vimeo.com/x\" and \" data-player=\"https://www.youtube-nocookie.com/</p>",
    );
    assert!(embed::players_in(render(&text, Lang::En, &no_photos).html.as_str()).is_empty());
    let video = Body::from_markdown("https://vimeo.com/76979871");
    assert_eq!(embed::players_in(render(&video, Lang::En, &no_photos).html.as_str()), vec![embed::Provider::Vimeo]);
}

#[test]
fn reading_time_is_rounded_as_the_editor_shows_it() {
    let minutes: Vec<usize> = [0, 1, 299, 300, 399, 1000].into_iter().map(super::text::reading_minutes).collect();
    assert_eq!(minutes, vec![1, 1, 1, 2, 2, 5]);
}
