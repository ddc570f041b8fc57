//! Posts of other sites placed in a story: which addresses are recognised, and what a reader
//! gets in their place. Nothing is loaded from the provider until the reader asks: a video
//! (YouTube, Vimeo) is a facade that starts the player from the provider's privacy-enhanced
//! address on a click, every other post is a card linking to it.

use url::Url;

use crate::editions::Lang;
use crate::html::Builder;

/// A site whose posts can be embedded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provider {
    YouTube,
    Vimeo,
    Facebook,
    X,
    Instagram,
    TikTok,
}

impl Provider {
    /// Every provider, in the order the README lists them.
    pub const ALL: [Provider; 6] = [Self::YouTube, Self::Vimeo, Self::Facebook, Self::X, Self::Instagram, Self::TikTok];

    /// The name stored in `data-embed`.
    pub fn code(self) -> &'static str {
        match self {
            Self::YouTube => "youtube",
            Self::Vimeo => "vimeo",
            Self::Facebook => "facebook",
            Self::X => "x",
            Self::Instagram => "instagram",
            Self::TikTok => "tiktok",
        }
    }

    /// The provider named by `data-embed`.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The name readers know.
    pub fn name(self) -> &'static str {
        match self {
            Self::YouTube => "YouTube",
            Self::Vimeo => "Vimeo",
            Self::Facebook => "Facebook",
            Self::X => "X",
            Self::Instagram => "Instagram",
            Self::TikTok => "TikTok",
        }
    }

    /// The origin a video's player is framed from (the page's CSP `frame-src` allows exactly it);
    /// `None` for posts shown as a card.
    pub fn player_origin(self) -> Option<&'static str> {
        match self {
            Self::YouTube => Some("https://www.youtube-nocookie.com"),
            Self::Vimeo => Some("https://player.vimeo.com"),
            _ => None,
        }
    }
}

/// Where a facade's markup starts in a rendered body: text there has `<` escaped, so only
/// [`facade`] writes it.
const FACADE: &str = "<a class=\"embed-play\" href=\"";

/// The providers whose players a rendered body may frame: those its facades name.
pub fn players_in(html: &str) -> Vec<Provider> {
    let mut found = Vec::new();
    for (at, _) in html.match_indices(FACADE) {
        // The address is escaped (no `"` in it): the player's attribute follows its end.
        let rest = &html[at + FACADE.len()..];
        let Some(after) = rest.find('"').map(|end| &rest[end + 1..]) else { continue };
        for p in Provider::ALL {
            let named = p.player_origin().is_some_and(|o| after.starts_with(&format!(" data-player=\"{o}/")));
            if named && !found.contains(&p) {
                found.push(p);
            }
        }
    }
    found
}

/// A recognised post: its provider, its address as given (normalised) and, for a video, the
/// player's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    pub provider: Provider,
    pub url: String,
    player: Option<String>,
}

/// The post an address points at, if it is one of a provider's post addresses over http(s).
pub fn recognise(address: &str) -> Option<Embed> {
    let url = Url::parse(address.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let host =
        ["www.", "m.", "web.", "mobile."].iter().fold(host.as_str(), |h, p| h.strip_prefix(p).unwrap_or(h)).to_owned();
    let segments: Vec<&str> = url.path_segments().map(|s| s.filter(|p| !p.is_empty()).collect()).unwrap_or_default();
    let (provider, player) = match (host.as_str(), segments.as_slice()) {
        ("youtube.com", ["watch"]) => {
            let id = url.query_pairs().find(|(k, _)| k == "v").map(|(_, v)| v.into_owned())?;
            (Provider::YouTube, Some(youtube_player(&id)?))
        }
        ("youtube.com", ["shorts" | "embed" | "live", id]) | ("youtu.be", [id]) => {
            (Provider::YouTube, Some(youtube_player(id)?))
        }
        ("vimeo.com", [id]) | ("player.vimeo.com", ["video", id]) if is_digits(id) => {
            (Provider::Vimeo, Some(format!("https://player.vimeo.com/video/{id}?autoplay=1&dnt=1")))
        }
        ("facebook.com", [_, ..]) | ("fb.watch", [_, ..]) => (Provider::Facebook, None),
        ("x.com" | "twitter.com", [_, "status", id, ..]) if is_digits(id) => (Provider::X, None),
        ("instagram.com", ["p" | "reel" | "tv", _, ..]) => (Provider::Instagram, None),
        ("tiktok.com", [user, "video", id, ..]) if user.starts_with('@') && is_digits(id) => (Provider::TikTok, None),
        ("vm.tiktok.com", [_]) => (Provider::TikTok, None),
        _ => return None,
    };
    // A post is linked over https, whatever scheme it was given with.
    let mut url = url;
    let _ = url.set_scheme("https");
    Some(Embed { provider, url: url.to_string(), player })
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.len() <= 24 && s.bytes().all(|b| b.is_ascii_digit())
}

fn youtube_player(id: &str) -> Option<String> {
    let valid = id.len() == 11 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    valid.then(|| format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1"))
}

/// Appends what a reader sees in the post's place: a facade for a video, a card otherwise.
/// Either is a plain link to the post without JavaScript.
pub fn facade(embed: &Embed, lang: Lang, out: &mut Builder) {
    let name = embed.provider.name();
    let shown = embed.url.trim_start_matches("https://").trim_start_matches("http://").trim_start_matches("www.");
    if let Some(player) = &embed.player {
        out.markup("<figure class=\"embed embed-video\">")
            .markup(FACADE)
            .text(&embed.url)
            .markup("\" data-player=\"")
            .text(player)
            .markup("\" rel=\"noopener\"><span class=\"embed-icon\" aria-hidden=\"true\"></span><span class=\"embed-label\">")
            .text(&play_label(lang, name))
            .markup("</span></a><figcaption>")
            .text(name)
            .markup(" · <a href=\"")
            .text(&embed.url)
            .markup("\" rel=\"noopener\">")
            .text(shown)
            .markup("</a></figcaption></figure>");
    } else {
        out.markup("<figure class=\"embed embed-card\"><p class=\"embed-provider\">")
            .text(&post_label(lang, name))
            .markup("</p><p><a href=\"")
            .text(&embed.url)
            .markup("\" rel=\"noopener\">")
            .text(shown)
            .markup("</a></p></figure>");
    }
}

fn play_label(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("Play the {name} video"),
        Lang::Bn => format!("{name} ভিডিওটি চালান"),
    }
}

fn post_label(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("A post on {name}"),
        Lang::Bn => format!("{name}-এ একটি পোস্ট"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provider_is_recognised_by_its_post_addresses() {
        let cases = [
            ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", Provider::YouTube),
            ("https://youtu.be/dQw4w9WgXcQ", Provider::YouTube),
            ("https://www.youtube.com/shorts/dQw4w9WgXcQ", Provider::YouTube),
            ("https://vimeo.com/76979871", Provider::Vimeo),
            ("https://www.facebook.com/viewsbangladesh/posts/12345", Provider::Facebook),
            ("https://fb.watch/abcDEF/", Provider::Facebook),
            ("https://x.com/viewsbd/status/1790000000000000000", Provider::X),
            ("https://twitter.com/viewsbd/status/1790000000000000000", Provider::X),
            ("https://www.instagram.com/p/C1a2b3c4d5/", Provider::Instagram),
            ("https://www.tiktok.com/@viewsbd/video/7300000000000000000", Provider::TikTok),
        ];
        for (address, provider) in cases {
            assert_eq!(recognise(address).map(|e| e.provider), Some(provider), "{address}");
        }
    }

    #[test]
    fn other_addresses_are_not_posts() {
        for address in [
            "javascript:alert(1)",
            "https://www.youtube.com/watch?v=short",
            "https://www.youtube.com/",
            "https://example.com/watch?v=dQw4w9WgXcQ",
            "https://x.com/viewsbd",
            "ftp://vimeo.com/76979871",
            "https://evil.com/youtube.com/watch?v=dQw4w9WgXcQ",
        ] {
            assert_eq!(recognise(address), None, "{address}");
        }
    }

    #[test]
    fn a_video_plays_from_the_privacy_enhanced_domain_only_on_request() {
        let embed = recognise("https://youtu.be/dQw4w9WgXcQ").unwrap();
        let mut out = Builder::default();
        facade(&embed, Lang::En, &mut out);
        let html = out.finish().into_string();
        assert!(
            html.contains("data-player=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1\""),
            "{html}"
        );
        assert!(!html.contains("<iframe") && !html.contains("<img"), "nothing loads before the click: {html}");
    }
}
