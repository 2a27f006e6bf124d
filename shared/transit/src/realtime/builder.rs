//! Builds real, encoded GTFS-RT FeedMessages: for tests and for the demo snapshots.

use chrono::{DateTime, NaiveDate, Utc};
use prost::Message;

use super::proto::{self, alert, trip_descriptor, trip_update};

#[derive(Debug, Clone)]
pub struct FeedBuilder {
    msg: proto::FeedMessage,
    /// start_date given to trip updates created from now on.
    day: Option<NaiveDate>,
}

fn tr(text: &str) -> proto::TranslatedString {
    proto::TranslatedString {
        translation: vec![proto::translated_string::Translation {
            text: text.to_owned(),
            language: Some("fr".into()),
        }],
    }
}

impl FeedBuilder {
    pub fn new(timestamp: DateTime<Utc>) -> Self {
        FeedBuilder {
            msg: proto::FeedMessage {
                header: proto::FeedHeader {
                    gtfs_realtime_version: "2.0".into(),
                    incrementality: Some(proto::feed_header::Incrementality::FullDataset as i32),
                    timestamp: Some(timestamp.timestamp().max(0) as u64),
                    ..Default::default()
                },
                entity: Vec::new(),
            },
            day: None,
        }
    }

    /// Trip updates added after this name that service day (GTFS-RT `start_date`).
    pub fn service_day(mut self, day: Option<NaiveDate>) -> Self {
        self.day = day;
        self
    }

    fn trip_update(&mut self, trip_id: &str, date: Option<NaiveDate>) -> &mut proto::TripUpdate {
        let id = format!("tu-{trip_id}");
        let pos = match self.msg.entity.iter().position(|e| e.id == id) {
            Some(p) => p,
            None => {
                self.msg.entity.push(proto::FeedEntity {
                    id,
                    trip_update: Some(proto::TripUpdate {
                        trip: proto::TripDescriptor {
                            trip_id: Some(trip_id.into()),
                            start_date: date.or(self.day).map(|d| d.format("%Y%m%d").to_string()),
                            ..Default::default()
                        },
                        ..Default::default()
                    }),
                    ..Default::default()
                });
                self.msg.entity.len() - 1
            }
        };
        // Just inserted or found with a trip update: always Some.
        self.msg.entity[pos]
            .trip_update
            .get_or_insert_with(Default::default)
    }

    /// A delay (seconds) from the stop with this `stop_sequence` on, arrival and departure.
    pub fn delay(mut self, trip_id: &str, stop_sequence: u32, delay_s: i32) -> Self {
        let ev = Some(trip_update::StopTimeEvent {
            delay: Some(delay_s),
            ..Default::default()
        });
        self.trip_update(trip_id, None)
            .stop_time_update
            .push(trip_update::StopTimeUpdate {
                stop_sequence: Some(stop_sequence),
                arrival: ev,
                departure: ev,
                ..Default::default()
            });
        self
    }

    /// An absolute expected departure at the stop `stop_id`.
    pub fn departure_time(mut self, trip_id: &str, stop_id: &str, at: DateTime<Utc>) -> Self {
        let ev = Some(trip_update::StopTimeEvent {
            time: Some(at.timestamp()),
            ..Default::default()
        });
        self.trip_update(trip_id, None)
            .stop_time_update
            .push(trip_update::StopTimeUpdate {
                stop_id: Some(stop_id.into()),
                departure: ev,
                ..Default::default()
            });
        self
    }

    /// A trip-level delay only (no stop time update).
    pub fn trip_delay(mut self, trip_id: &str, delay_s: i32) -> Self {
        self.trip_update(trip_id, None).delay = Some(delay_s);
        self
    }

    pub fn cancel(mut self, trip_id: &str, date: Option<NaiveDate>) -> Self {
        self.trip_update(trip_id, date).trip.schedule_relationship =
            Some(trip_descriptor::ScheduleRelationship::Canceled as i32);
        self
    }

    /// An alert on lines and stops (both empty = network-wide), optionally bounded in time.
    #[allow(clippy::too_many_arguments)]
    pub fn alert(
        mut self,
        id: &str,
        header: &str,
        description: Option<&str>,
        cause: alert::Cause,
        effect: alert::Effect,
        line_ids: &[&str],
        stop_ids: &[&str],
        period: Option<(DateTime<Utc>, DateTime<Utc>)>,
    ) -> Self {
        let routes = line_ids.iter().map(|r| proto::EntitySelector {
            route_id: Some((*r).into()),
            ..Default::default()
        });
        let stops = stop_ids.iter().map(|s| proto::EntitySelector {
            stop_id: Some((*s).into()),
            ..Default::default()
        });
        self.msg.entity.push(proto::FeedEntity {
            id: id.into(),
            alert: Some(proto::Alert {
                active_period: period
                    .map(|(s, e)| proto::TimeRange {
                        start: Some(s.timestamp().max(0) as u64),
                        end: Some(e.timestamp().max(0) as u64),
                    })
                    .into_iter()
                    .collect(),
                informed_entity: routes.chain(stops).collect(),
                cause: Some(cause as i32),
                effect: Some(effect as i32),
                header_text: Some(tr(header)),
                description_text: description.map(tr),
                ..Default::default()
            }),
            ..Default::default()
        });
        self
    }

    pub fn encode(&self) -> Vec<u8> {
        self.msg.encode_to_vec()
    }
}
