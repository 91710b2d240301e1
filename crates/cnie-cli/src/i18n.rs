//! Translations of every human-readable line (`--lang en|fr|ar`): Fluent messages
//! from `locales/{en,fr,ar}/cnie.ftl`, embedded in the binary.
//!
//! - The language is chosen once ([`init`]): `--lang`, else the first of `LC_ALL`,
//!   `LC_MESSAGES`, `LANG` that is set and not empty (`fr_MA.UTF-8` → French,
//!   `ar_MA` → Arabic); English for anything else (`C`, `POSIX`, `de_DE`…).
//! - A message missing from the chosen language falls back to English, and one missing
//!   from English shows its id (a unit test keeps every id in all three files, with the
//!   same variables, and every id the code uses in the files).
//! - Fluent's Unicode isolation marks (FSI … PDI around each placeable) are off: many
//!   terminals draw them as boxes or spaces, and they would also end up in logs and in
//!   `grep` patterns. Instead, in Arabic every printed line starts with a RIGHT-TO-LEFT
//!   MARK (U+200F, [`directional`]): a terminal that implements the Unicode bidi
//!   algorithm (VTE/GNOME Terminal, Konsole, mlterm, Windows Terminal) then lays the
//!   line out right to left even when it starts with a Latin word or a number, and the
//!   Latin names, codes and numbers inside it keep their own left-to-right order.
//! - JSON keys and values are never translated (docs/json.md is a contract).

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// The languages of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// English.
    En,
    /// Français.
    Fr,
    /// العربية.
    Ar,
}

impl Lang {
    /// The BCP 47 code (`en`, `fr`, `ar`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Ar => "ar",
        }
    }

    /// The Fluent source of the language.
    pub fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../locales/en/cnie.ftl"),
            Lang::Fr => include_str!("../locales/fr/cnie.ftl"),
            Lang::Ar => include_str!("../locales/ar/cnie.ftl"),
        }
    }

    /// Whether the language is written right to left.
    pub fn rtl(self) -> bool {
        matches!(self, Lang::Ar)
    }

    /// The language of a POSIX locale name (`fr_MA.UTF-8`, `ar`, `en_US@euro`); `None`
    /// for one the interface does not speak.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let language = locale
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match language.as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            "ar" => Some(Lang::Ar),
            _ => None,
        }
    }

    /// The language from the environment: the first of `LC_ALL`, `LC_MESSAGES`, `LANG`
    /// that is set and not empty decides (as for any POSIX program); English when it
    /// names another language, or when none is set.
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| get(name).filter(|v| !v.is_empty()))
            .and_then(|locale| Lang::from_locale(&locale))
            .unwrap_or(Lang::En)
    }
}

type Bundle = FluentBundle<FluentResource>;

struct Catalog {
    lang: Lang,
    bundle: Bundle,
    english: Bundle,
}

static CATALOG: OnceLock<Catalog> = OnceLock::new();

/// A bundle of `lang`'s messages (entries that do not parse are left out; the unit
/// tests keep the files free of them).
fn bundle(lang: Lang) -> Bundle {
    let id: LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(lang.source().to_string()) {
        Ok(r) => r,
        Err((r, _errors)) => r,
    };
    let _ = bundle.add_resource(resource);
    bundle
}

/// Chooses the language: `--lang`, else the environment. The first call decides.
pub fn init(lang: Option<Lang>) -> Lang {
    let lang = lang.unwrap_or_else(|| Lang::from_env(|name| std::env::var(name).ok()));
    catalog_for(lang).lang
}

fn catalog_for(lang: Lang) -> &'static Catalog {
    CATALOG.get_or_init(|| Catalog {
        lang,
        bundle: bundle(lang),
        english: bundle(Lang::En),
    })
}

fn catalog() -> &'static Catalog {
    CATALOG
        .get()
        .unwrap_or_else(|| catalog_for(Lang::from_env(|name| std::env::var(name).ok())))
}

/// The language in use.
pub fn lang() -> Lang {
    catalog().lang
}

/// A value for a message variable: text or a number.
pub enum Arg<'a> {
    /// Text, shown as is.
    Text(std::borrow::Cow<'a, str>),
    /// A number (selects plural forms: `[one]`, `[two]`, `[few]`…).
    Number(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(s.into())
    }
}
impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(s.as_str().into())
    }
}
impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(s.into())
    }
}
macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Number(n as f64)
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize, i32, i64);

fn format(bundle: &Bundle, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
    let message = bundle.get_message(id)?;
    let pattern = message.value()?;
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned(),
    )
}

/// The message `id` in the language in use.
pub fn tr(id: &str) -> String {
    tr_args(id, &[])
}

/// The message `id` with its variables, e.g.
/// `tr_args("pin-tries-left", &[("name", "PIN".into()), ("n", 2.into())])`.
pub fn tr_args(id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let mut fluent = FluentArgs::new();
    for (name, value) in args {
        let value = match value {
            Arg::Text(s) => FluentValue::from(s.as_ref()),
            Arg::Number(n) => FluentValue::from(*n),
        };
        fluent.set(*name, value);
    }
    let catalog = catalog();
    let args = (!args.is_empty()).then_some(&fluent);
    format(&catalog.bundle, id, args)
        .or_else(|| format(&catalog.english, id, args))
        .unwrap_or_else(|| id.to_string())
}

/// `t!("id")` or `t!("id", name = value, …)`: [`tr`] / [`tr_args`].
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::tr($id)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr_args($id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}

/// Text to print, laid out for the language in use: in a right-to-left language each
/// line starts with a RIGHT-TO-LEFT MARK (see the module documentation); unchanged
/// otherwise.
pub fn directional(text: &str) -> String {
    directional_for(lang(), text)
}

/// [`directional`] for `lang`.
pub fn directional_for(lang: Lang, text: &str) -> String {
    if !lang.rtl() {
        return text.to_string();
    }
    text.split_inclusive('\n')
        .map(|line| {
            if line.trim().is_empty() || line.starts_with(RLM) {
                line.to_string()
            } else {
                format!("{RLM}{line}")
            }
        })
        .collect()
}

/// U+200F RIGHT-TO-LEFT MARK.
pub const RLM: char = '\u{200F}';

/// Pads `text` with spaces to `width` characters (a label column).
pub fn pad(text: &str, width: usize) -> String {
    let n = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

#[cfg(test)]
mod tests;
