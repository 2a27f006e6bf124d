//! The account e-mails, in French and English. Plain text (readable everywhere, nothing to sanitise);
//! links point at the web app.

use super::model::Language;
use rouen_ports::OutgoingEmail;

pub enum AccountEmail<'a> {
    /// Confirms the address of a new account.
    Verify { name: &'a str, link: &'a str },
    /// Someone tried to register with an address that already has an account.
    AlreadyRegistered { name: &'a str, reset_link: &'a str },
    /// A password-reset link.
    Reset { name: &'a str, link: &'a str },
    /// The password was just changed or reset.
    PasswordChanged { name: &'a str },
    /// A sign-in from a device not seen before.
    NewSignIn {
        name: &'a str,
        when: &'a str,
        device: &'a str,
    },
}

const SIGNATURE_FR: &str = "\n\n— Rouen Social, le réseau social de Rouen";
const SIGNATURE_EN: &str = "\n\n— Rouen Social, Rouen's own social network";

impl AccountEmail<'_> {
    pub fn template(&self) -> &'static str {
        match self {
            Self::Verify { .. } => "verify_email",
            Self::AlreadyRegistered { .. } => "already_registered",
            Self::Reset { .. } => "reset_password",
            Self::PasswordChanged { .. } => "password_changed",
            Self::NewSignIn { .. } => "new_sign_in",
        }
    }

    fn render_fr(&self) -> (String, String) {
        match self {
            Self::Verify { name, link } => (
                "Confirmez votre adresse e-mail".into(),
                format!(
                    "Bonjour {name},\n\nBienvenue sur Rouen Social ! Pour activer votre compte, confirmez votre adresse en ouvrant ce lien (valable 48 heures) :\n\n{link}\n\nSi vous n'avez pas créé de compte, ignorez ce message."
                ),
            ),
            Self::AlreadyRegistered { name, reset_link } => (
                "Tentative d'inscription avec votre adresse".into(),
                format!(
                    "Bonjour {name},\n\nQuelqu'un (peut-être vous) a essayé de créer un compte Rouen Social avec cette adresse, qui en a déjà un. Vous pouvez vous connecter normalement.\n\nMot de passe oublié ? Choisissez-en un nouveau ici :\n\n{reset_link}\n\nSi ce n'était pas vous, aucune action n'est nécessaire."
                ),
            ),
            Self::Reset { name, link } => (
                "Réinitialisez votre mot de passe".into(),
                format!(
                    "Bonjour {name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable 1 heure) :\n\n{link}\n\nSi vous n'avez rien demandé, ignorez ce message : votre mot de passe reste inchangé."
                ),
            ),
            Self::PasswordChanged { name } => (
                "Votre mot de passe a été changé".into(),
                format!(
                    "Bonjour {name},\n\nLe mot de passe de votre compte Rouen Social vient d'être changé et vos autres sessions ont été fermées.\n\nSi ce n'était pas vous, réinitialisez-le tout de suite depuis la page « Mot de passe oublié »."
                ),
            ),
            Self::NewSignIn { name, when, device } => (
                "Nouvelle connexion à votre compte".into(),
                format!(
                    "Bonjour {name},\n\nUne connexion à votre compte a eu lieu le {when} (UTC) depuis un appareil que nous ne connaissions pas :\n{device}\n\nSi c'était vous, tout va bien. Sinon, changez votre mot de passe dès maintenant."
                ),
            ),
        }
    }

    fn render_en(&self) -> (String, String) {
        match self {
            Self::Verify { name, link } => (
                "Confirm your e-mail address".into(),
                format!(
                    "Hello {name},\n\nWelcome to Rouen Social! To activate your account, confirm your address by opening this link (valid for 48 hours):\n\n{link}\n\nIf you did not create an account, ignore this message."
                ),
            ),
            Self::AlreadyRegistered { name, reset_link } => (
                "Someone tried to register with your address".into(),
                format!(
                    "Hello {name},\n\nSomeone (maybe you) tried to create a Rouen Social account with this address, which already has one. You can sign in as usual.\n\nForgot your password? Choose a new one here:\n\n{reset_link}\n\nIf it was not you, there is nothing to do."
                ),
            ),
            Self::Reset { name, link } => (
                "Reset your password".into(),
                format!(
                    "Hello {name},\n\nTo choose a new password, open this link (valid for 1 hour):\n\n{link}\n\nIf you did not ask for this, ignore this message: your password stays as it is."
                ),
            ),
            Self::PasswordChanged { name } => (
                "Your password was changed".into(),
                format!(
                    "Hello {name},\n\nThe password of your Rouen Social account was just changed and your other sessions were signed out.\n\nIf it was not you, reset it right away from the \"Forgot password\" page."
                ),
            ),
            Self::NewSignIn { name, when, device } => (
                "New sign-in to your account".into(),
                format!(
                    "Hello {name},\n\nYour account was signed in to on {when} (UTC) from a device we had not seen before:\n{device}\n\nIf it was you, all is well. If not, change your password now."
                ),
            ),
        }
    }

    pub fn render(&self, to: &str, language: Language) -> OutgoingEmail {
        let (subject, body) = match language {
            Language::Fr => {
                let (s, b) = self.render_fr();
                (s, b + SIGNATURE_FR)
            }
            Language::En => {
                let (s, b) = self.render_en();
                (s, b + SIGNATURE_EN)
            }
        };
        OutgoingEmail {
            to: to.to_owned(),
            subject: format!("Rouen Social — {subject}"),
            text: body,
            html: None,
            template: self.template().into(),
            lang: language.code().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_carry_the_link() {
        let mail = AccountEmail::Verify {
            name: "Marie",
            link: "https://rouen.social/verify-email?token=abc",
        };
        let fr = mail.render("marie@example.fr", Language::Fr);
        let en = mail.render("marie@example.fr", Language::En);
        assert!(fr.subject.contains("Confirmez"));
        assert!(en.subject.contains("Confirm your"));
        for m in [&fr, &en] {
            assert!(
                m.text
                    .contains("https://rouen.social/verify-email?token=abc")
            );
            assert_eq!(m.template, "verify_email");
            assert!(rouen_ports::mailer::validate_email(m).is_ok());
        }
        assert_eq!(fr.lang, "fr");
    }
}
