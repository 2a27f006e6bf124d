//! Demo content for `make run`: on a fresh data directory, a handful of clearly fictional residents
//! with profiles, follows, posts (some with photos), comments and likes, so a newcomer sees a living
//! feed, and a direct conversation and a group in the messages. Only the local binary has this code: the Lambda functions can never seed. `ROUEN_DEMO=0`
//! turns it off.

use bytes::Bytes;
use rouen_api::accounts::model::{Language, Role, UserRecord, WhoCanMessage};
use rouen_api::accounts::{passwords, registration, search};
use rouen_api::platform::Platform;
use rouen_api::problem::ApiError;
use rouen_api::social::model::Visibility;
use rouen_api::social::{comments, likes, posts};
use rouen_ports::{Item, Key};
use std::io::Cursor;

/// Every demo account signs in with this password (shown in the README).
pub const DEMO_PASSWORD: &str = "Rouen-demo-2026";

struct Resident {
    username: &'static str,
    name: &'static str,
    neighbourhood: &'static str,
    bio: &'static str,
    interests: &'static [&'static str],
}

const RESIDENTS: &[Resident] = &[
    Resident {
        username: "camille_demo",
        name: "Camille (démo)",
        neighbourhood: "saint-sever",
        bio: "Compte de démonstration. Vélo, marchés et concerts au 106.",
        interests: &["vélo", "marchés", "concerts"],
    },
    Resident {
        username: "leon_demo",
        name: "Léon (démo)",
        neighbourhood: "vieux-marche",
        bio: "Compte de démonstration. Photographe amateur des quais de Seine.",
        interests: &["photo", "patrimoine"],
    },
    Resident {
        username: "ines_demo",
        name: "Inès (démo)",
        neighbourhood: "beauvoisine",
        bio: "Compte de démonstration. Jardins partagés et sorties en famille.",
        interests: &["jardinage", "famille"],
    },
    Resident {
        username: "bastien_demo",
        name: "Bastien (démo)",
        neighbourhood: "saint-marc",
        bio: "Compte de démonstration. Brocantes et cuisine normande.",
        interests: &["brocante", "cuisine"],
    },
    Resident {
        username: "comite_demo",
        name: "Comité de quartier (démo)",
        neighbourhood: "croix-de-pierre",
        bio: "Compte de démonstration d’une association de quartier fictive.",
        interests: &["associations"],
    },
];

/// The two colours of a generated photo (a vertical gradient).
type Gradient = ([u8; 3], [u8; 3]);

/// (author, text, photo colours) in publication order.
const POSTS: &[(usize, &str, Option<Gradient>)] = &[
    (
        4,
        "Réunion publique du comité de quartier jeudi à 19 h (salle fictive, contenu de démonstration). #quartier",
        None,
    ),
    (
        1,
        "Coucher de soleil sur la Seine depuis le pont Boieldieu. #rouen #seine",
        Some(([244, 143, 66], [88, 56, 140])),
    ),
    (
        0,
        "Marché Saint-Sever ce matin : les premières clémentines sont arrivées ! #marché",
        Some(([250, 190, 40], [60, 140, 70])),
    ),
    (
        2,
        "Le jardin partagé de Beauvoisine cherche des bras pour samedi 10 h. Qui vient ? #jardin",
        None,
    ),
    (
        3,
        "Brocante rue Eau-de-Robec dimanche : j’y tiens un stand de vieux livres. #brocante",
        None,
    ),
    (
        0,
        "Quelqu’un connaît un bon réparateur de vélos rive gauche ? @leon_demo tu avais une adresse ?",
        None,
    ),
];

const FOLLOWS: &[(usize, usize)] = &[
    (0, 1),
    (0, 2),
    (1, 0),
    (1, 3),
    (2, 0),
    (2, 4),
    (3, 1),
    (3, 4),
    (4, 0),
    (4, 2),
];

fn photo(from: [u8; 3], to: [u8; 3]) -> Result<Vec<u8>, ApiError> {
    let (w, h) = (960u32, 640u32);
    let img = image::RgbImage::from_fn(w, h, |_, y| {
        let t = y as f32 / h as f32;
        let mix = |a: u8, b: u8| (f32::from(a) * (1.0 - t) + f32::from(b) * t) as u8;
        image::Rgb([
            mix(from[0], to[0]),
            mix(from[1], to[1]),
            mix(from[2], to[2]),
        ])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .map_err(|e| ApiError::Internal(format!("demo photo: {e}")))?;
    Ok(out)
}

/// Seeds once; a marker item remembers it was done.
pub async fn seed(platform: &Platform) -> Result<bool, ApiError> {
    let marker = Key::new("SYS#demo", "SEEDED");
    if platform.store.get(&marker).await?.is_some() {
        return Ok(false);
    }
    let hash = passwords::hash(DEMO_PASSWORD.to_owned()).await?;
    let mut users: Vec<UserRecord> = Vec::new();
    for r in RESIDENTS {
        let user = UserRecord {
            id: platform.ids.new_id(),
            username: r.username.into(),
            email: format!("{}@demo.rouen.social.invalid", r.username),
            display_name: r.name.into(),
            bio: r.bio.into(),
            neighbourhood: Some(r.neighbourhood.into()),
            interests: r.interests.iter().map(|s| (*s).to_owned()).collect(),
            language: Language::Fr,
            avatar: None,
            cover: None,
            private_account: false,
            who_can_message: WhoCanMessage::Everyone,
            show_presence: true,
            email_verified: true,
            role: Role::Resident,
            created_at: platform.clock.now(),
            followers_count: 0,
            following_count: 0,
            posts_count: 0,
            suspended_until: None,
        };
        registration::insert(platform, &user, hash.clone()).await?;
        search::schedule_reindex(platform, &user.id).await?;
        users.push(user);
    }
    for (a, b) in FOLLOWS {
        if let (Some(follower), Some(followee)) = (users.get(*a), users.get(*b)) {
            rouen_api::accounts::graph::follow(platform, &follower.id, followee).await?;
        }
    }
    let mut post_ids = Vec::new();
    for (author, text, colours) in POSTS {
        let Some(user) = users.get(*author) else {
            continue;
        };
        let mut image_ids = Vec::new();
        if let Some((from, to)) = colours {
            let upload_id = platform.ids.new_id();
            let blob_key = format!("uploads/{}/{upload_id}", user.id);
            platform
                .blobs
                .put(&blob_key, Bytes::from(photo(*from, *to)?), "image/jpeg")
                .await?;
            let mut pending = Item::new();
            pending.insert("pk".into(), format!("USER#{}", user.id).into());
            pending.insert("sk".into(), format!("UPLOAD#{upload_id}").into());
            pending.insert("kind".into(), "photo".into());
            pending.insert("blob_key".into(), blob_key.into());
            platform.store.put(pending, None).await?;
            image_ids.push(upload_id);
        }
        // Reload: counters moved since the account was written.
        let author_now = rouen_api::accounts::directory::load(platform, &user.id)
            .await?
            .unwrap_or_else(|| user.clone());
        let post = posts::create(
            platform,
            &author_now,
            posts::NewPost {
                text: (*text).into(),
                image_ids,
                neighbourhood: None,
                visibility: Visibility::Public,
                shared_post_id: None,
            },
        )
        .await?;
        post_ids.push(post.id);
    }
    let reactions: &[(usize, usize, Option<&str>)] = &[
        (0, 1, Some("Magnifique, on dirait un tableau !")),
        (2, 1, None),
        (3, 2, Some("J’y passe samedi, merci pour l’info.")),
        (1, 2, None),
        (0, 3, Some("Je viens avec des graines de radis !")),
        (4, 3, None),
        (1, 5, Some("Rue Saint-Julien, demande Marc de ma part.")),
    ];
    for (who, post, comment) in reactions {
        let (Some(user), Some(post_id)) = (users.get(*who), post_ids.get(*post)) else {
            continue;
        };
        likes::like(platform, likes::Target::Post(post_id), &user.id).await?;
        if let Some(text) = comment {
            comments::create(platform, post_id, &user.id, text).await?;
        }
    }
    seed_conversations(platform, &users).await?;
    let mut done = Item::new();
    done.insert("pk".into(), marker.pk.into());
    done.insert("sk".into(), marker.sk.into());
    platform.store.put(done, None).await?;
    tracing::info!(
        residents = users.len(),
        posts = post_ids.len(),
        "demo content seeded"
    );
    Ok(true)
}

/// A direct conversation (Camille and Léon) and a group (the shared garden), so the messages page
/// is not empty either.
async fn seed_conversations(platform: &Platform, users: &[UserRecord]) -> Result<(), ApiError> {
    use rouen_api::chat::{conversations, messages, search};
    let (Some(camille), Some(leon), Some(ines), Some(bastien)) =
        (users.first(), users.get(1), users.get(2), users.get(3))
    else {
        return Ok(());
    };
    let (direct, _) = conversations::open_direct(platform, &camille.id, leon).await?;
    let group = conversations::create_group(
        platform,
        &ines.id,
        Some("Jardin partagé de Beauvoisine (démo)".into()),
        &[camille.clone(), bastien.clone()],
    )
    .await?;
    let lines: &[(&ConversationRef, &UserRecord, &str)] = &[
        (
            &ConversationRef::Direct,
            camille,
            "Salut Léon ! Tu passes au marché du Clos Saint-Marc dimanche ?",
        ),
        (
            &ConversationRef::Direct,
            leon,
            "Oui, vers 10 h. Je prendrai des photos des étals.",
        ),
        (
            &ConversationRef::Direct,
            leon,
            "On se retrouve devant le fromager ?",
        ),
        (
            &ConversationRef::Group,
            ines,
            "Bienvenue dans le groupe du jardin ! Arrosage samedi matin.",
        ),
        (
            &ConversationRef::Group,
            bastien,
            "J’apporte les plants de tomates.",
        ),
    ];
    for (which, author, text) in lines {
        let conversation = match which {
            ConversationRef::Direct => &direct,
            ConversationRef::Group => &group,
        };
        let sent = messages::send(
            platform,
            conversation,
            platform.ids.new_id(),
            &author.id,
            (*text).into(),
            None,
            None,
        )
        .await?;
        search::reindex(platform, &sent.message).await?;
    }
    Ok(())
}

enum ConversationRef {
    Direct,
    Group,
}
