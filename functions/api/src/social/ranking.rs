//! The ranked home feed.
//!
//! Each candidate post (the newest 200 of the reader's home feed) gets
//!
//! ```text
//! score = 1.0 · recency + 0.6 · engagement + 0.4 · affinity + 0.3 · locality
//! recency    = 2^(−age_h / 12)                                   (halves every 12 hours)
//! engagement = log2(1 + likes + 2·comments + 3·shares) · 2^(−age_h / 24)
//! affinity   = log2(1 + the reader's likes and comments on the author's posts in the last 30 days)
//! locality   = 1 when the post is from the reader's neighbourhood, else 0
//! ```
//!
//! so a fresh post from a neighbour one often answers comes first, a popular post keeps its place for
//! a day, and an old post needs much engagement to beat a new one. Ties go to the newer post.

use chrono::{DateTime, Utc};

pub const CANDIDATES: u32 = 200;
const W_RECENCY: f64 = 1.0;
const W_ENGAGEMENT: f64 = 0.6;
const W_AFFINITY: f64 = 0.4;
const W_LOCALITY: f64 = 0.3;

#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub likes: i64,
    pub comments: i64,
    pub shares: i64,
    /// The reader's interactions with the author lately.
    pub affinity: i64,
    pub same_neighbourhood: bool,
}

pub fn score(c: &Candidate, now: DateTime<Utc>) -> f64 {
    let age_h = ((now - c.created_at).num_seconds().max(0) as f64) / 3600.0;
    let recency = (-age_h / 12.0).exp2();
    let weighted = (c.likes.max(0) + 2 * c.comments.max(0) + 3 * c.shares.max(0)) as f64;
    let engagement = (1.0 + weighted).log2() * (-age_h / 24.0).exp2();
    let affinity = (1.0 + c.affinity.max(0) as f64).log2();
    let locality = if c.same_neighbourhood { 1.0 } else { 0.0 };
    W_RECENCY * recency + W_ENGAGEMENT * engagement + W_AFFINITY * affinity + W_LOCALITY * locality
}

/// Candidates best first.
pub fn rank(mut candidates: Vec<Candidate>, now: DateTime<Utc>) -> Vec<Candidate> {
    candidates.sort_by(|a, b| {
        score(b, now)
            .total_cmp(&score(a, now))
            .then_with(|| b.id.cmp(&a.id))
    });
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T12:00:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn post(id: &str, hours_ago: i64) -> Candidate {
        Candidate {
            id: id.into(),
            created_at: now() - Duration::hours(hours_ago),
            likes: 0,
            comments: 0,
            shares: 0,
            affinity: 0,
            same_neighbourhood: false,
        }
    }

    fn order(c: Vec<Candidate>) -> Vec<String> {
        rank(c, now()).into_iter().map(|c| c.id).collect()
    }

    #[test]
    fn newer_first_when_nothing_else_differs() {
        assert_eq!(
            order(vec![post("old", 10), post("new", 1), post("mid", 5)]),
            ["new", "mid", "old"]
        );
    }

    #[test]
    fn engagement_lifts_a_post_for_a_while_only() {
        let popular = Candidate {
            likes: 40,
            comments: 10,
            ..post("popular", 6)
        };
        assert_eq!(
            order(vec![post("fresh", 1), popular.clone()]),
            ["popular", "fresh"]
        );
        // Three days later the same engagement no longer beats a fresh post.
        let stale = Candidate {
            created_at: now() - Duration::hours(72),
            ..popular
        };
        assert_eq!(order(vec![post("fresh", 1), stale]), ["fresh", "popular"]);
    }

    #[test]
    fn affinity_and_locality_break_near_ties() {
        let friend = Candidate {
            affinity: 7,
            ..post("friend", 3)
        };
        assert_eq!(
            order(vec![post("stranger", 2), friend]),
            ["friend", "stranger"]
        );
        let neighbour = Candidate {
            same_neighbourhood: true,
            ..post("neighbour", 3)
        };
        assert_eq!(
            order(vec![post("elsewhere", 2), neighbour]),
            ["neighbour", "elsewhere"]
        );
        // Locality alone does not bury a much newer post.
        let far_old = Candidate {
            same_neighbourhood: true,
            ..post("old_neighbour", 30)
        };
        assert_eq!(
            order(vec![far_old, post("now", 0)]),
            ["now", "old_neighbour"]
        );
    }

    #[test]
    fn scores_stay_finite_for_odd_counts() {
        let odd = Candidate {
            likes: -5,
            comments: i64::MAX / 4,
            ..post("odd", -3)
        };
        assert!(score(&odd, now()).is_finite());
    }
}
