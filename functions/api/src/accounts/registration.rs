//! Writing a new account: its e-mail and username claims, profile and credentials, all or nothing.

use super::keys;
use super::model::{Credentials, UserRecord, to_item};
use crate::platform::Platform;
use crate::problem::ApiError;
use rouen_ports::{Condition, Item, StoreError, TransactOp};

#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    Created,
    UsernameTaken,
    EmailTaken,
}

fn claim_item(key: rouen_ports::Key, user_id: &str) -> Item {
    let mut item = Item::new();
    item.insert("pk".into(), key.pk.into());
    item.insert("sk".into(), key.sk.into());
    item.insert("user_id".into(), user_id.into());
    item
}

/// Inserts the account, unless its username or e-mail is already claimed (which is then said; the
/// username wins when both are, since saying so reveals nothing about e-mails).
pub async fn insert(
    platform: &Platform,
    user: &UserRecord,
    password_hash: String,
) -> Result<Claim, ApiError> {
    let credentials = Credentials {
        user_id: user.id.clone(),
        password_hash,
        password_changed_at: user.created_at,
    };
    let ops = vec![
        TransactOp::Put {
            item: claim_item(keys::email(&user.email.trim().to_lowercase()), &user.id),
            condition: Some(Condition::NotExists),
        },
        TransactOp::Put {
            item: claim_item(
                keys::username(&user.username.to_ascii_lowercase()),
                &user.id,
            ),
            condition: Some(Condition::NotExists),
        },
        TransactOp::Put {
            item: user.item()?,
            condition: Some(Condition::NotExists),
        },
        TransactOp::Put {
            item: to_item(&keys::credentials(&user.id), &credentials)?,
            condition: Some(Condition::NotExists),
        },
    ];
    match platform.store.transact_write(ops).await {
        Ok(()) => Ok(Claim::Created),
        Err(StoreError::TransactionCanceled { failed }) if failed.contains(&1) => {
            Ok(Claim::UsernameTaken)
        }
        Err(StoreError::TransactionCanceled { failed }) if failed.contains(&0) => {
            Ok(Claim::EmailTaken)
        }
        Err(e) => Err(e.into()),
    }
}
