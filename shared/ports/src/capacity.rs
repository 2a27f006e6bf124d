//! Capacity units the item store consumed while one request or job ran, as DynamoDB reports them
//! (`ReturnConsumedCapacity`). The edge measures each request in a scope; the AWS engine records what
//! each call consumed; the figures go out as metrics, which the cost model (`docs/cost.md`) reads.
//! Outside a scope, and in the embedded engine, nothing is recorded.

use std::cell::Cell;
use std::future::Future;

tokio::task_local! {
    static METER: Cell<Consumed>;
}

/// Read and write capacity units.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Consumed {
    pub read: f64,
    pub write: f64,
}

/// Runs `work` and returns what it consumed (calls made from tasks it spawns are not counted).
pub async fn measure<F: Future>(work: F) -> (F::Output, Consumed) {
    METER
        .scope(Cell::new(Consumed::default()), async {
            let out = work.await;
            let consumed = METER.try_with(Cell::get).unwrap_or_default();
            (out, consumed)
        })
        .await
}

pub fn record_read(units: f64) {
    let _ = METER.try_with(|m| {
        let mut c = m.get();
        c.read += units;
        m.set(c);
    });
}

pub fn record_write(units: f64) {
    let _ = METER.try_with(|m| {
        let mut c = m.get();
        c.write += units;
        m.set(c);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn units_add_up_inside_a_scope_only() {
        record_read(5.0);
        let ((), consumed) = measure(async {
            record_read(0.5);
            record_read(1.0);
            record_write(2.0);
        })
        .await;
        assert_eq!(
            consumed,
            Consumed {
                read: 1.5,
                write: 2.0
            }
        );
    }
}
