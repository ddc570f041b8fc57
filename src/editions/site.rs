//! The site's name, settings, each edition's sections and footer pages, kept in memory because the
//! layout of every page shows them; reloaded when the newsroom changes them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use super::db;
use super::model::{self, Lang};
use crate::articles::db::SectionRow;
use crate::cache::Invalidation;
use crate::clock::Timestamp;
use crate::fronts::model::Banner;
use crate::sitepages::model::FooterPage;

/// The site's name and each edition's sections, as the layout needs them on every page.
#[derive(Debug, Default)]
pub struct Site {
    name: String,
    name_bn: String,
    /// Every new comment is held for a moderator.
    pub premoderation: bool,
    /// The edition served at `/`, when admins chose one.
    pub default_edition: Option<Lang>,
    /// Accent colour (`#rrggbb`), when admins chose one.
    pub accent: Option<String>,
    /// Media-library image used as the logo, when admins chose one.
    pub logo_path: Option<String>,
    /// Its id (0: the built-in logo).
    pub logo_media_id: i64,
    sections: [Vec<SectionRow>; 2],
    /// The sections readers are offered (in the navigation and on the home page): not hidden.
    nav: [Vec<SectionRow>; 2],
    /// Each edition's breaking-news banner, as stored (it may have ended).
    banners: [Option<Banner>; 2],
    /// Moments at which an edition's pages change by themselves (a banner's end, a poll's
    /// opening or closing).
    timed: Vec<(Lang, Timestamp)>,
    /// Each edition's published pages in footer order.
    footer: [Vec<FooterPage>; 2],
}

impl Site {
    /// The site name in an edition.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Bn if !self.name_bn.is_empty() => &self.name_bn,
            _ => &self.name,
        }
    }

    /// The banner stored for an edition, up or ended.
    pub fn banner(&self, lang: Lang) -> Option<&Banner> {
        self.banners[lang as usize].as_ref()
    }

    /// The breaking-news banner readers of an edition see at `now`.
    pub fn breaking(&self, lang: Lang, now: Timestamp) -> Option<&Banner> {
        self.banner(lang).filter(|b| b.is_up(now))
    }

    /// The sections of an edition in navigation order.
    pub fn sections(&self, lang: Lang) -> &[SectionRow] {
        &self.sections[lang as usize]
    }

    /// The sections of an edition that its navigation and home page show, in order: hidden
    /// ones are left out (they keep their address).
    pub fn nav(&self, lang: Lang) -> &[SectionRow] {
        &self.nav[lang as usize]
    }

    /// The published pages of an edition in footer order.
    pub fn footer(&self, lang: Lang) -> &[FooterPage] {
        &self.footer[lang as usize]
    }
}

/// What time alone changes on public pages: the newsroom's local date (in the header) and, per
/// edition, how many of its timed moments have passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Moment {
    day: chrono::NaiveDate,
    passed: [usize; 2],
}

/// The current [`Site`], reloaded when the newsroom changes it.
#[derive(Default)]
pub struct SiteCache {
    /// The moment pages were last checked against the clock ([`SiteCache::time_passed`]).
    seen: Mutex<Option<Moment>>,
    /// The site data, with the number of the reload that read it.
    current: RwLock<(u64, Arc<Site>)>,
    /// Numbers reloads in the order they start.
    reloads: AtomicU64,
}

impl SiteCache {
    /// The current site data.
    pub fn get(&self) -> Arc<Site> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).1.clone()
    }

    /// The changes that time alone made since the last call: a new day changes every page (the
    /// date line), a banner's end changes its edition's pages. The first call only looks.
    pub fn time_passed(&self, now: Timestamp, offset_minutes: i32) -> Vec<Invalidation> {
        let site = self.get();
        let passed = |lang: Lang| site.timed.iter().filter(|(l, at)| *l == lang && *at <= now).count();
        let moment = Moment {
            day: model::local_time(now, offset_minutes).date_naive(),
            passed: [passed(Lang::En), passed(Lang::Bn)],
        };
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let Some(before) = seen.replace(moment) else {
            return Vec::new();
        };
        if before.day != moment.day {
            return vec![Invalidation::Site];
        }
        Lang::ALL
            .into_iter()
            .filter(|l| before.passed[*l as usize] != moment.passed[*l as usize])
            .map(Invalidation::Edition)
            .collect()
    }

    /// Reloads name and sections from the database. Reloads may overlap (the periodic one and a
    /// settings change): one that started earlier, and so may have read older settings, never
    /// replaces what a later one read.
    pub async fn reload(&self, db: &crate::db::Db) -> sqlx::Result<()> {
        let number = self.reloads.fetch_add(1, Ordering::AcqRel) + 1;
        let name = db::setting(db, "site_name").await?.unwrap_or_else(|| "newsdesk".into());
        let name_bn = db::setting(db, "site_name_bn").await?.unwrap_or_default();
        let premoderation = db::setting(db, "premoderation").await?.as_deref() == Some("1");
        let default_edition = db::setting(db, "default_edition").await?.as_deref().and_then(Lang::parse);
        let accent = db::setting(db, "accent").await?.filter(|c| model::is_colour(c));
        let logo_media_id = db::setting(db, "logo_media_id").await?.and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
        let logo_path = match logo_media_id {
            0 => None,
            id => crate::media::db::find(db, id).await?.map(|m| crate::media::url_path(&m.path)),
        };
        let sections =
            [crate::articles::db::sections(db, Lang::En).await?, crate::articles::db::sections(db, Lang::Bn).await?];
        let hidden = crate::sections::db::hidden_ids(db).await?;
        let nav = sections.clone().map(|list| list.into_iter().filter(|s| !hidden.contains(&s.id)).collect());
        let mut banners = [None, None];
        let mut timed = Vec::new();
        for (lang, banner) in crate::fronts::db::banners(db).await? {
            timed.extend(banner.until.map(|until| (lang, until)));
            banners[lang as usize] = Some(banner);
        }
        // A poll that opens or closes changes its edition's home page (and its article).
        timed.extend(crate::polls::db::boundaries(db, 0).await?);
        let footer =
            [crate::sitepages::db::footer(db, Lang::En).await?, crate::sitepages::db::footer(db, Lang::Bn).await?];
        let site = Arc::new(Site {
            name,
            name_bn,
            premoderation,
            default_edition,
            accent,
            logo_path,
            logo_media_id,
            sections,
            nav,
            banners,
            timed,
            footer,
        });
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        if current.0 < number {
            *current = (number, site);
        }
        Ok(())
    }
}
