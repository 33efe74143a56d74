//! The tally's merge, checked field by field.

use super::*;
use serde_json::Value;

/// Every number in `v` replaced by `n`, found through serde, which lists every
/// field of the struct whatever the merge does.
fn fill(v: &mut Value, n: u64) {
    match v {
        Value::Number(_) => *v = Value::from(n),
        Value::Array(items) => items.iter_mut().for_each(|x| fill(x, n)),
        Value::Object(fields) => fields.values_mut().for_each(|x| fill(x, n)),
        _ => {}
    }
}

fn numbers(v: &Value) -> Vec<(String, u64)> {
    match v {
        Value::Object(fields) => fields
            .iter()
            .flat_map(|(name, x)| match x {
                Value::Array(items) => items
                    .iter()
                    .map(|i| (name.clone(), i.as_u64().unwrap()))
                    .collect(),
                other => vec![(name.clone(), other.as_u64().unwrap())],
            })
            .collect(),
        _ => unreachable!("a tally serializes as an object"),
    }
}

#[test]
fn merging_adds_every_counter() {
    let text = "[simulation]\nhorizon = \"3d\"\n[components.token_service]\n[methods.m]\nfactor = \"passwordless\"\nrequires = []\n\
                [apps.a]\n[cohorts.x]\nusers = 1\napps = [\"a\"]\nregistrations = [{ share = 1.0, methods = [\"m\"] }]\n";
    let plan = crate::scenario::load_str(text, std::path::Path::new("t.toml")).unwrap();
    let world = World::new("baseline", &plan.variants[0].scenario);
    let mut value = serde_json::to_value(Tally::new(&world)).unwrap();
    fill(&mut value, 1);
    let mut tally: Tally = serde_json::from_value(value).unwrap();
    tally.merge(&tally.clone());
    let merged = numbers(&serde_json::to_value(&tally).unwrap());
    assert!(merged.len() > 20, "every field, each bucket and bin");
    for (field, n) in merged {
        assert_eq!(n, 2, "`{field}` is not added up by Tally::merge");
    }
}
