//! Message catalogues (Fluent), French first. Templates never hold a sentence: they ask `t`.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::Arc;

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Fr,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Fr, Locale::En];

    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Locale> {
        match s {
            "fr" => Some(Locale::Fr),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The other language, offered by the switch in the header.
    pub fn other(self) -> Locale {
        match self {
            Locale::Fr => Locale::En,
            Locale::En => Locale::Fr,
        }
    }
}

pub struct I18n {
    fr: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

impl I18n {
    /// Loads the embedded catalogue; a malformed `.ftl` file is a programming error caught by tests.
    pub fn load() -> Arc<I18n> {
        let mut fr = FluentBundle::new_concurrent(vec![unic_langid::langid!("fr")]);
        let mut en = FluentBundle::new_concurrent(vec![unic_langid::langid!("en")]);
        // Isolation marks would show up as stray characters in HTML attributes and e-mails.
        fr.set_use_isolating(false);
        en.set_use_isolating(false);
        for (lang, file, text) in CATALOG {
            let res = FluentResource::try_new(text.to_string())
                .unwrap_or_else(|(_, e)| panic!("locales/{lang}/{file}: {e:?}"));
            let bundle = if *lang == "fr" { &mut fr } else { &mut en };
            bundle
                .add_resource(res)
                .unwrap_or_else(|e| panic!("locales/{lang}/{file}: duplicate ids {e:?}"));
        }
        Arc::new(I18n { fr, en })
    }

    fn bundle(&self, locale: Locale) -> &FluentBundle<FluentResource> {
        match locale {
            Locale::Fr => &self.fr,
            Locale::En => &self.en,
        }
    }

    pub fn has(&self, locale: Locale, id: &str) -> bool {
        self.bundle(locale).has_message(id)
    }

    /// The message `id`, or the id itself (logged) when it is missing, so a gap never breaks a page.
    pub fn get(&self, locale: Locale, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let bundle = self.bundle(locale);
        let (msg_id, attr) = match id.split_once('.') {
            Some((m, a)) => (m, Some(a)),
            None => (id, None),
        };
        let Some(msg) = bundle.get_message(msg_id) else {
            tracing::warn!(id, locale = locale.as_str(), "missing message");
            return id.to_owned();
        };
        let pattern = match attr {
            Some(a) => msg.get_attribute(a).map(|a| a.value()),
            None => msg.value(),
        };
        let Some(pattern) = pattern else {
            return id.to_owned();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, v.clone());
        }
        let mut errors = vec![];
        let out = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(id, ?errors, "message formatting");
        }
        out.into_owned()
    }

    /// Every message id of a locale, for the catalogue-parity test.
    pub fn ids(locale: Locale) -> Vec<String> {
        let mut ids = vec![];
        for (lang, _, text) in CATALOG {
            if *lang != locale.as_str() {
                continue;
            }
            let res = FluentResource::try_new(text.to_string()).expect("valid ftl");
            for entry in res.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    ids.push(m.id.name.to_string());
                }
            }
        }
        ids.sort();
        ids
    }
}

/// The translator handed to templates: `{{ t.t("home-title") }}`.
#[derive(Clone)]
pub struct Tr {
    pub locale: Locale,
    i18n: Arc<I18n>,
}

impl Tr {
    pub fn new(i18n: Arc<I18n>, locale: Locale) -> Tr {
        Tr { locale, i18n }
    }

    pub fn t(&self, id: &str) -> String {
        self.i18n.get(self.locale, id, &[])
    }

    /// A message with one variable.
    pub fn t1(&self, id: &str, name: &str, value: impl std::fmt::Display) -> String {
        self.i18n.get(
            self.locale,
            id,
            &[(name, FluentValue::from(value.to_string()))],
        )
    }

    /// A message with a number (for plurals).
    pub fn tn(&self, id: &str, name: &str, value: i64) -> String {
        self.i18n
            .get(self.locale, id, &[(name, FluentValue::from(value))])
    }

    pub fn lang(&self) -> &'static str {
        self.locale.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_and_english_catalogues_have_the_same_ids() {
        let fr = I18n::ids(Locale::Fr);
        let en = I18n::ids(Locale::En);
        let missing_en: Vec<_> = fr.iter().filter(|id| !en.contains(id)).collect();
        let missing_fr: Vec<_> = en.iter().filter(|id| !fr.contains(id)).collect();
        assert!(missing_en.is_empty(), "missing in English: {missing_en:?}");
        assert!(missing_fr.is_empty(), "missing in French: {missing_fr:?}");
        assert!(!fr.is_empty());
    }

    #[test]
    fn messages_are_translated() {
        let i18n = I18n::load();
        let fr = Tr::new(i18n.clone(), Locale::Fr);
        let en = Tr::new(i18n, Locale::En);
        assert_ne!(fr.t("nav-home"), en.t("nav-home"));
        assert_eq!(fr.t("no-such-message"), "no-such-message");
    }
}
