//! The rules of account fields, shared by registration, profile edits and password changes. Each
//! failure is a field error with a stable code the web app translates.

use super::neighbourhoods;
use crate::problem::FieldError;
use std::collections::HashSet;
use std::sync::LazyLock;

pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 30;
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 128;
pub const DISPLAY_NAME_MAX: usize = 50;
pub const BIO_MAX: usize = 300;
pub const INTERESTS_MAX: usize = 10;
pub const INTEREST_MAX: usize = 30;

/// Names that would collide with routes, impersonate the platform or confuse residents.
const RESERVED_USERNAMES: &[&str] = &[
    "me",
    "admin",
    "administrator",
    "root",
    "moderator",
    "moderation",
    "support",
    "help",
    "api",
    "avatar",
    "cover",
    "search",
    "settings",
    "login",
    "logout",
    "register",
    "signup",
    "auth",
    "rouen",
    "rouensocial",
    "rouen_social",
    "official",
    "officiel",
    "mairie",
    "system",
    "null",
    "undefined",
    "anonymous",
    "anonyme",
    "staff",
    "security",
    "securite",
    "follow",
    "followers",
    "following",
    "blocks",
    "mutes",
    "export",
    "privacy",
    "terms",
    "about",
];

/// The bundled list of common passwords (see functions/api/data/README.md for its origin).
static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/common-passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
});

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub fn email(field: &str, value: &str, errors: &mut Vec<FieldError>) {
    if rouen_ports::mailer::validate_address(value.trim()).is_err() {
        errors.push(FieldError::new(
            field,
            "invalid_format",
            "this is not an e-mail address",
        ));
    }
}

pub fn username(field: &str, value: &str, errors: &mut Vec<FieldError>) {
    let ok_chars = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !(USERNAME_MIN..=USERNAME_MAX).contains(&value.len()) || !ok_chars {
        errors.push(FieldError::new(
            field,
            "invalid_format",
            format!(
                "a username has {USERNAME_MIN} to {USERNAME_MAX} letters, digits or underscores"
            ),
        ));
    } else if RESERVED_USERNAMES.contains(&value.to_ascii_lowercase().as_str()) {
        errors.push(FieldError::new(
            field,
            "reserved",
            "this username is reserved",
        ));
    }
}

/// The password rules: length, not a common password, not the e-mail or the username.
pub fn password(
    field: &str,
    value: &str,
    email: Option<&str>,
    username: Option<&str>,
    errors: &mut Vec<FieldError>,
) {
    let n = chars(value);
    if n < PASSWORD_MIN {
        errors.push(FieldError::new(
            field,
            "too_short",
            format!("a password has at least {PASSWORD_MIN} characters"),
        ));
        return;
    }
    if n > PASSWORD_MAX {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("a password has at most {PASSWORD_MAX} characters"),
        ));
        return;
    }
    let lower = value.to_lowercase();
    if COMMON_PASSWORDS.contains(lower.as_str()) {
        errors.push(FieldError::new(
            field,
            "too_common",
            "this password is among the most common ones; choose another",
        ));
        return;
    }
    let email_lc = email.map(normalise_email);
    let local_part = email_lc
        .as_deref()
        .and_then(|e| e.split_once('@'))
        .map(|(l, _)| l.to_owned());
    let identity = [email_lc, local_part, username.map(str::to_lowercase)];
    if identity
        .iter()
        .flatten()
        .any(|id| !id.is_empty() && *id == lower)
    {
        errors.push(FieldError::new(
            field,
            "matches_identity",
            "the password may not be your e-mail address or username",
        ));
    }
}

pub fn display_name(field: &str, value: &str, errors: &mut Vec<FieldError>) {
    let trimmed = value.trim();
    if trimmed.is_empty() || chars(trimmed) > DISPLAY_NAME_MAX || has_control(trimmed) {
        errors.push(FieldError::new(
            field,
            "invalid_length",
            format!("a display name has 1 to {DISPLAY_NAME_MAX} characters"),
        ));
    }
}

pub fn bio(field: &str, value: &str, errors: &mut Vec<FieldError>) {
    let bad_control = value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t');
    if chars(value) > BIO_MAX || bad_control {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("a bio has at most {BIO_MAX} characters"),
        ));
    }
}

pub fn neighbourhood(field: &str, value: &str, errors: &mut Vec<FieldError>) {
    if neighbourhoods::find(value).is_none() {
        errors.push(FieldError::new(
            field,
            "unknown",
            "not one of the neighbourhoods of GET /api/v1/neighbourhoods",
        ));
    }
}

/// Interests are trimmed, de-duplicated ignoring case, and kept in the given order.
pub fn interests(field: &str, values: &[String], errors: &mut Vec<FieldError>) -> Vec<String> {
    if values.len() > INTERESTS_MAX {
        errors.push(FieldError::new(
            field,
            "too_many",
            format!("at most {INTERESTS_MAX} interests"),
        ));
        return Vec::new();
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, value) in values.iter().enumerate() {
        let v = value.trim();
        if v.is_empty() || chars(v) > INTEREST_MAX || has_control(v) {
            errors.push(FieldError::new(
                format!("{field}[{i}]"),
                "invalid_length",
                format!("an interest has 1 to {INTEREST_MAX} characters"),
            ));
        } else if seen.insert(v.to_lowercase()) {
            out.push(v.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(f: impl FnOnce(&mut Vec<FieldError>)) -> Vec<String> {
        let mut errors = Vec::new();
        f(&mut errors);
        errors.into_iter().map(|e| e.code).collect()
    }

    #[test]
    fn usernames() {
        assert!(codes(|e| username("u", "marie_76", e)).is_empty());
        assert_eq!(codes(|e| username("u", "ab", e)), ["invalid_format"]);
        assert_eq!(
            codes(|e| username("u", &"a".repeat(31), e)),
            ["invalid_format"]
        );
        assert_eq!(codes(|e| username("u", "émile", e)), ["invalid_format"]);
        assert_eq!(codes(|e| username("u", "marie-76", e)), ["invalid_format"]);
        assert_eq!(codes(|e| username("u", "Admin", e)), ["reserved"]);
    }

    #[test]
    fn passwords() {
        let ok =
            |p: &str| codes(|e| password("p", p, Some("marie@example.fr"), Some("marie_76"), e));
        assert!(ok("Seine et Gros-Horloge 1389").is_empty());
        assert_eq!(ok("court"), ["too_short"]);
        assert_eq!(ok(&"x".repeat(129)), ["too_long"]);
        assert_eq!(ok("1234567890"), ["too_common"]);
        assert_eq!(ok("Password123"), ["too_common"]);
        assert_eq!(ok("MARIE@example.fr"), ["matches_identity"]);
        assert_eq!(ok("marie_76_x"), Vec::<String>::new());
        assert_eq!(
            codes(|e| password("p", "marie_7612", None, Some("Marie_7612"), e)),
            ["matches_identity"]
        );
        // Ten characters counted as users see them, not as bytes.
        assert!(ok("éèàùçœéèàù").is_empty());
    }

    #[test]
    fn the_common_list_is_bundled_and_large() {
        assert!(
            COMMON_PASSWORDS.len() >= 10_000,
            "{}",
            COMMON_PASSWORDS.len()
        );
    }

    #[test]
    fn interests_are_trimmed_and_deduplicated() {
        let mut errors = Vec::new();
        let out = interests(
            "i",
            &[" vélo ".into(), "Vélo".into(), "jazz".into()],
            &mut errors,
        );
        assert!(errors.is_empty());
        assert_eq!(out, ["vélo", "jazz"]);
        assert_eq!(
            codes(|e| {
                interests("i", &vec!["x".into(); 11], e);
            }),
            ["too_many"]
        );
    }
}
