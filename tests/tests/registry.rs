//! The registry is the single list of functions: `template.yaml` and the nested stacks it references
//! (`infra/stacks/*.yaml`, one per domain) must declare exactly its functions with their triggers, and
//! `functions/lambdas` must have exactly one `main` per entry.

use rouen_api::registry::{Trigger, routes};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn parse(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", path.display()));
    serde_yaml_ng::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "{} parses as plain YAML (long-form intrinsics only): {e}",
            path.display()
        )
    })
}

/// The root template, then every nested stack it names with a local path (`AWS::Serverless::Application`
/// `Location`, or `AWS::CloudFormation::Stack` `TemplateURL`), relative to the root as `sam build` reads it.
fn templates() -> Vec<(String, Value)> {
    let root = parse(&repo_root().join("template.yaml"));
    let mut nested = Vec::new();
    for (id, resource) in root["Resources"].as_object().expect("Resources") {
        let location = match resource["Type"].as_str() {
            Some("AWS::Serverless::Application") => &resource["Properties"]["Location"],
            Some("AWS::CloudFormation::Stack") => &resource["Properties"]["TemplateURL"],
            _ => continue,
        };
        let location = location
            .as_str()
            .unwrap_or_else(|| panic!("{id}: the nested stack's location is a local path"));
        nested.push((location.to_owned(), parse(&repo_root().join(location))));
    }
    assert!(
        !nested.is_empty(),
        "template.yaml names its nested stacks (infra/stacks/*.yaml)"
    );
    let mut all = vec![("template.yaml".to_owned(), root)];
    all.extend(nested);
    all
}

fn describe(trigger: &Trigger) -> String {
    match trigger {
        Trigger::Http { method, path } => format!("http {method} {path}"),
        Trigger::WebSocket { route_key } => format!("websocket {route_key}"),
        Trigger::Queue { queue } => format!("queue {queue}"),
        Trigger::Schedule { expression } => format!("schedule {expression}"),
    }
}

/// `JobsQueue` → `jobs`, `NotificationsQueue` → `notifications`; in a nested stack the queue is a
/// parameter holding its ARN: `JobsQueueArn` → `jobs`.
fn queue_name(logical_id: &str) -> String {
    let base = logical_id.strip_suffix("Arn").unwrap_or(logical_id);
    let base = base.strip_suffix("Queue").unwrap_or(base);
    let mut out = String::new();
    for (i, c) in base.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The logical id a `Ref` or `Fn::GetAtt` points at.
fn referenced(value: &Value) -> Option<String> {
    if let Some(r) = value.get("Ref").and_then(Value::as_str) {
        return Some(r.to_owned());
    }
    match value.get("Fn::GetAtt") {
        Some(Value::Array(parts)) => parts.first().and_then(Value::as_str).map(str::to_owned),
        Some(Value::String(s)) => s.split('.').next().map(str::to_owned),
        _ => None,
    }
}

/// (binary, trigger) pairs the root template and its nested stacks declare.
fn declared() -> BTreeMap<String, BTreeSet<String>> {
    let mut by_binary: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut declared_in: BTreeMap<String, String> = BTreeMap::new();
    for (file, template) in templates() {
        let resources = template["Resources"]
            .as_object()
            .unwrap_or_else(|| panic!("{file}: Resources"));
        let mut binary_of: BTreeMap<String, String> = BTreeMap::new();
        for (id, resource) in resources {
            if resource["Type"] != "AWS::Serverless::Function" {
                continue;
            }
            let binary = resource["Metadata"]["BuildProperties"]["Binary"]
                .as_str()
                .unwrap_or_else(|| panic!("{file}: {id} has no Metadata.BuildProperties.Binary"))
                .to_owned();
            if let Some(other) = declared_in.insert(binary.clone(), format!("{file}: {id}")) {
                panic!("{binary} is declared twice: {other} and {file}: {id}");
            }
            binary_of.insert(id.clone(), binary.clone());
            let triggers = by_binary.entry(binary).or_default();
            for (event_id, event) in resource["Properties"]["Events"]
                .as_object()
                .into_iter()
                .flatten()
            {
                let props = &event["Properties"];
                let trigger = match event["Type"].as_str() {
                    Some("HttpApi") => format!(
                        "http {} {}",
                        props["Method"].as_str().unwrap_or("?").to_ascii_uppercase(),
                        props["Path"].as_str().unwrap_or("?")
                    ),
                    Some("SQS") => format!(
                        "queue {}",
                        queue_name(&referenced(&props["Queue"]).unwrap_or_default())
                    ),
                    Some("ScheduleV2" | "Schedule") => {
                        format!(
                            "schedule {}",
                            props["ScheduleExpression"]
                                .as_str()
                                .or(props["Schedule"].as_str())
                                .unwrap_or("?")
                        )
                    }
                    other => panic!("{file}: {id}.{event_id}: unexpected event type {other:?}"),
                };
                triggers.insert(trigger);
            }
        }
        // Explicit routes (every HTTP route of a nested stack, and the WebSocket routes):
        // Route → Integration → function, in the same file; the route's API tells which kind.
        for (id, resource) in resources {
            if resource["Type"] != "AWS::ApiGatewayV2::Route" {
                continue;
            }
            let route_key = resource["Properties"]["RouteKey"]
                .as_str()
                .unwrap_or_else(|| panic!("{file}: {id} has no RouteKey"));
            let kind = match referenced(&resource["Properties"]["ApiId"]).as_deref() {
                Some("WebSocketApi" | "WebSocketApiId") => "websocket",
                Some("HttpApi" | "HttpApiId") => "http",
                other => panic!("{file}: {id} is a route of an unknown API {other:?}"),
            };
            let target = resource["Properties"]["Target"].to_string();
            let integration_id = resources
                .iter()
                .filter(|(_, r)| r["Type"] == "AWS::ApiGatewayV2::Integration")
                .map(|(iid, _)| iid)
                .find(|iid| {
                    target.contains(&format!("\"{iid}\""))
                        || target.contains(&format!("${{{iid}}}"))
                })
                .unwrap_or_else(|| panic!("{file}: {id}: target {target} names no integration"));
            let uri = resources[integration_id]["Properties"]["IntegrationUri"].to_string();
            let function = binary_of
                .keys()
                .find(|fid| {
                    uri.contains(&format!("${{{fid}.Arn}}")) || uri.contains(&format!("\"{fid}\""))
                })
                .unwrap_or_else(|| {
                    panic!("{file}: {integration_id}: integration URI {uri} names no function")
                });
            by_binary
                .entry(binary_of[function].clone())
                .or_default()
                .insert(format!("{kind} {route_key}"));
        }
    }
    by_binary
}

#[test]
fn template_declares_exactly_the_registry() {
    let expected: BTreeMap<String, BTreeSet<String>> = routes()
        .iter()
        .map(|r| {
            (
                r.function.to_owned(),
                BTreeSet::from([describe(&r.trigger)]),
            )
        })
        .collect();
    let declared = declared();
    let missing: Vec<_> = expected
        .keys()
        .filter(|k| !declared.contains_key(*k))
        .collect();
    let extra: Vec<_> = declared
        .keys()
        .filter(|k| !expected.contains_key(*k))
        .collect();
    assert!(
        missing.is_empty(),
        "functions of the registry missing from template.yaml and its nested stacks: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "functions in template.yaml or its nested stacks that the registry does not know: {extra:?}"
    );
    for (function, triggers) in &expected {
        assert_eq!(&declared[function], triggers, "triggers of {function}");
    }
}

#[test]
fn every_function_has_a_lambda_main_and_no_more() {
    let dir = repo_root().join("functions/lambdas/src/bin");
    let mains: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("functions/lambdas/src/bin")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".rs"))
                .map(str::to_owned)
        })
        .collect();
    let names: BTreeSet<String> = routes().iter().map(|r| r.function.to_owned()).collect();
    assert_eq!(mains, names, "one Lambda main per registry entry");
    for name in &names {
        let source = std::fs::read_to_string(dir.join(format!("{name}.rs"))).expect("main source");
        assert!(
            source.contains(&format!("lambda_main!(\"{name}\")")),
            "{name}.rs serves its own entry"
        );
    }
}

#[test]
fn queue_names_follow_the_template_convention() {
    assert_eq!(queue_name("JobsQueue"), "jobs");
    assert_eq!(queue_name("FeedFanoutQueue"), "feed-fanout");
    assert_eq!(queue_name("JobsQueueArn"), "jobs");
}

/// Behind CloudFront, API Gateway's source address is an edge's: the functions that key rate limits and
/// known devices on the address (auth) must receive the edge's secret, and CloudFront must send the
/// headers `rouen_api::io` reads.
#[test]
fn cloudfront_passes_the_viewer_address_the_auth_functions_can_trust() {
    use rouen_api::io::{EDGE_SECRET_HEADER, VIEWER_IP_HEADER};
    let all = templates();
    let root = &all[0].1["Resources"];

    let api_origin = root["WebDistribution"]["Properties"]["DistributionConfig"]["Origins"]
        .as_array()
        .expect("the distribution's origins")
        .iter()
        .find(|o| o["Id"] == "api")
        .expect("an `api` origin")
        .clone();
    let header = &api_origin["OriginCustomHeaders"][0];
    assert_eq!(header["HeaderName"], EDGE_SECRET_HEADER);
    let value = header["HeaderValue"]["Fn::Sub"]
        .as_str()
        .unwrap_or_default();
    assert!(
        value.contains("${EdgeSecret}") && value.contains("edge_secret"),
        "the origin header carries the generated secret: {value}"
    );

    let api_behaviour =
        root["WebDistribution"]["Properties"]["DistributionConfig"]["CacheBehaviors"]
            .as_array()
            .expect("cache behaviours")
            .iter()
            .find(|b| b["PathPattern"] == "/api/*")
            .expect("an /api/* behaviour")
            .clone();
    assert_eq!(
        api_behaviour["FunctionAssociations"][0]["FunctionARN"]["Fn::GetAtt"][0],
        "WebApiViewerAddress"
    );
    let code = root["WebApiViewerAddress"]["Properties"]["FunctionCode"]
        .as_str()
        .unwrap_or_default();
    assert!(
        code.contains(&format!(
            "request.headers['{VIEWER_IP_HEADER}'] = {{ value: event.viewer.ip }}"
        )),
        "the viewer-request function overwrites {VIEWER_IP_HEADER} with the viewer's address: {code}"
    );

    let (_, accounts) = all
        .iter()
        .find(|(path, _)| path.ends_with("accounts.yaml"))
        .expect("the accounts stack");
    let env = &accounts["Globals"]["Function"]["Environment"]["Variables"];
    let secret = env["ROUEN_EDGE_SECRET"]["Fn::Sub"]
        .as_str()
        .unwrap_or_default();
    assert!(
        secret.contains("${EdgeSecretArn}") && secret.contains("edge_secret"),
        "the account functions resolve the same secret: {secret}"
    );
    assert_eq!(
        root["AccountsStack"]["Properties"]["Parameters"]["EdgeSecretArn"]["Ref"],
        "EdgeSecret"
    );
    // Every function that reads the address (the auth handlers) lives in the accounts stack.
    let binaries: BTreeSet<&str> = accounts["Resources"]
        .as_object()
        .expect("Resources")
        .values()
        .filter_map(|r| r["Metadata"]["BuildProperties"]["Binary"].as_str())
        .collect();
    for route in rouen_api::handlers::auth::routes() {
        assert!(
            binaries.contains(route.function),
            "{} is in the accounts stack",
            route.function
        );
    }
}

/// Least privilege: every statement a function is granted names its actions one by one and its
/// resources by ARN (no `*` action or resource), and only the data services it uses.
#[test]
fn function_policies_name_their_actions_and_resources() {
    const SERVICES: &[&str] = &["dynamodb", "s3", "sqs", "es", "ses", "execute-api"];
    let mut statements = 0;
    for (file, template) in templates() {
        for (id, resource) in template["Resources"].as_object().expect("Resources") {
            if resource["Type"] != "AWS::Serverless::Function" {
                continue;
            }
            for policy in resource["Properties"]["Policies"]
                .as_array()
                .into_iter()
                .flatten()
            {
                assert!(
                    policy.is_object(),
                    "{file}: {id} uses a managed or SAM template policy; inline statements only"
                );
                for statement in policy["Statement"].as_array().into_iter().flatten() {
                    statements += 1;
                    assert_eq!(statement["Effect"], "Allow", "{file}: {id}");
                    let actions: Vec<&str> = match &statement["Action"] {
                        Value::String(a) => vec![a.as_str()],
                        Value::Array(all) => all.iter().filter_map(Value::as_str).collect(),
                        other => panic!("{file}: {id}: actions as {other}"),
                    };
                    for action in &actions {
                        let (service, name) = action
                            .split_once(':')
                            .unwrap_or_else(|| panic!("{file}: {id}: action {action}"));
                        assert!(
                            SERVICES.contains(&service) && !name.contains('*'),
                            "{file}: {id} is granted {action}"
                        );
                    }
                    let resources: Vec<&Value> = match &statement["Resource"] {
                        Value::Array(all) => all.iter().collect(),
                        one => vec![one],
                    };
                    for resource in resources {
                        assert!(
                            resource != "*" && !resource.is_null(),
                            "{file}: {id} is granted {actions:?} on {resource}"
                        );
                    }
                }
            }
        }
    }
    assert!(
        statements > 100,
        "the functions' statements were read ({statements})"
    );
}

/// The alarms and the dashboard name the functions' custom metrics by text: each name they use in
/// the functions' namespace is one `rouen_api::metrics` publishes.
#[test]
fn alarms_and_dashboard_name_metrics_the_functions_publish() {
    use rouen_api::metrics::{Metric, NAMESPACE};
    let published: BTreeSet<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
    let all = templates();
    let root = &all[0].1["Resources"];
    let mut named = BTreeSet::new();
    for (id, resource) in root.as_object().expect("Resources") {
        if resource["Type"] == "AWS::CloudWatch::Alarm"
            && resource["Properties"]["Namespace"] == NAMESPACE
        {
            named.insert(
                resource["Properties"]["MetricName"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{id}: MetricName"))
                    .to_owned(),
            );
        }
    }
    let body = root["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"][0]
        .as_str()
        .expect("the dashboard body");
    // Rows `["RouenSocial", "Name"…]`, their continuations `[".", "Name"…]` on the same line, and
    // `SEARCH('{RouenSocial,…} MetricName="Name"'…)`.
    for line in body.lines().filter(|l| l.contains(NAMESPACE)) {
        for prefix in [
            format!("[\"{NAMESPACE}\", \""),
            "[\".\", \"".to_owned(),
            "MetricName=\\\"".to_owned(),
        ] {
            for (i, _) in line.match_indices(&prefix) {
                let rest = &line[i + prefix.len()..];
                let name: String = rest
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                named.insert(name);
            }
        }
    }
    assert!(
        named.len() >= 5,
        "the template's custom metrics were read: {named:?}"
    );
    for name in &named {
        assert!(
            published.contains(name.as_str()),
            "the template names {NAMESPACE}/{name}, which no function publishes"
        );
    }
}
