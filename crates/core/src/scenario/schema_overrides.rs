//! `[[variant]] set` and `[sweep]` in the scenario's schema, typed as the keys
//! they change: a mistyped path or a value of the wrong kind there is caught
//! in an editor as it is anywhere else in the file. Both are derived from the
//! scenario's own schema once it is generated, so they cannot drift from it.

use super::overrides::SHARED;
use serde_json::{Map, Value, json};

/// The definition of a variant's `set`.
pub(super) const OVERRIDES: &str = "Overrides";
/// The definition of `[sweep]`, which the scenario's schema names already.
const SWEEP: &str = "SweepGrid";
/// The definition of a swept value's label.
const LABEL: &str = "Label";
const DEFINITIONS: &str = "#/definitions/";

/// Adds the definitions of `set` and `[sweep]` to the scenario's schema `root`.
pub(super) fn typed(root: &mut Map<String, Value>) {
    let Some(Value::Object(properties)) = root.get("properties") else {
        return;
    };
    let settable: Map<String, Value> = properties
        .iter()
        .filter(|(key, _)| !SHARED.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let mut made = Made {
        defs: root
            .get("definitions")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        new: Map::new(),
    };
    let mut set = made.partial(&json!({
        "type": "object",
        "description": "Overrides of the base scenario, by its keys: `set.policy.access_token_lifetime = \"8h\"`. Any key but `simulation`, `variant` and `sweep`; only the keys given change.",
        "properties": settable,
        "additionalProperties": false
    }));
    // A dotted path quoted whole (`"policy.mfa" = ...`) is read as the dotted
    // keys; the loader checks it.
    set["patternProperties"] = json!({ r"\.": {} });
    let mut sweep = made.table(&set).unwrap_or_default();
    sweep["type"] = json!("object");
    sweep["description"] = json!(
        "A grid of values by dotted path: each leaf lists the values to sweep (`policy.access_token_lifetime = [\"1h\", \"8h\"]`), each a value or `{ label = \"short\", value = \"1h\" }`; every combination becomes a variant."
    );
    let label = json!({
        "type": "string",
        "description": "A swept value's label: what tables, files and charts call its variants, in place of PATH=VALUE."
    });
    made.new.insert(LABEL.to_string(), label);
    made.new.insert(OVERRIDES.to_string(), set);
    made.new.insert(SWEEP.to_string(), sweep);
    if let Some(Value::Object(definitions)) = root.get_mut("definitions") {
        definitions.extend(made.new);
    }
}

/// The scenario's definitions and those derived from them so far.
struct Made {
    defs: Map<String, Value>,
    new: Map<String, Value>,
}

impl Made {
    /// The definition a reference names, derived or not.
    fn definition(&self, reference: &Value) -> Option<(String, Value)> {
        let name = reference.as_str()?.strip_prefix(DEFINITIONS)?;
        let def = self.new.get(name).or_else(|| self.defs.get(name))?;
        Some((name.to_string(), def.clone()))
    }

    /// `node` as a variant changes it: no key required, since a variant gives
    /// only those it changes; a choice of tables (a law named by its
    /// `distribution`) any of them (`anyOf`, as a parameter alone may fit
    /// several). A list is given whole, so its items stay as they are.
    fn partial(&mut self, node: &Value) -> Value {
        let Value::Object(object) = node else {
            return node.clone();
        };
        let mut out = Map::new();
        for (key, value) in object {
            let (key, value) = match key.as_str() {
                "required" => continue,
                "$ref" => (key.clone(), self.derived(value, "Set", Made::partial)),
                "properties" => (key.clone(), self.each(value, Made::partial)),
                "additionalProperties" => (key.clone(), self.partial(value)),
                "oneOf" | "anyOf" | "allOf" => {
                    let choices = value.as_array().into_iter().flatten();
                    let choices: Vec<Value> = choices.map(|c| self.partial(c)).collect();
                    let key = if key == "oneOf" { "anyOf" } else { key };
                    (key.to_string(), Value::Array(choices))
                }
                _ => (key.clone(), value.clone()),
            };
            out.insert(key, value);
        }
        Value::Object(out)
    }

    /// `derive` of the definition `reference` names, as a reference: to a
    /// definition made once (named with `suffix`), or to the original where
    /// deriving changes nothing (a duration).
    fn derived(
        &mut self,
        reference: &Value,
        suffix: &str,
        derive: fn(&mut Made, &Value) -> Value,
    ) -> Value {
        let Some((name, def)) = self.definition(reference) else {
            return reference.clone();
        };
        let made = format!("{name}{suffix}");
        if !self.new.contains_key(&made) {
            let derived = derive(self, &def);
            if derived == def {
                return reference.clone();
            }
            self.new.insert(made.clone(), derived);
        }
        json!(format!("{DEFINITIONS}{made}"))
    }

    fn each(&mut self, properties: &Value, derive: fn(&mut Made, &Value) -> Value) -> Value {
        let Value::Object(properties) = properties else {
            return properties.clone();
        };
        let out = properties.iter().map(|(k, v)| (k.clone(), derive(self, v)));
        Value::Object(out.collect())
    }

    /// What `[sweep]` holds at a key whose value has the (partial) schema
    /// `field`: the list of values to sweep, or, where the key holds a
    /// table, keys of that table further down. `properties` bind a table
    /// only and `items` a list only, so one schema, with no `anyOf`, says
    /// both: an error is placed at the very key or value, and an editor
    /// completes keys below.
    fn entry(&mut self, field: &Value) -> Value {
        let bare = without(field, &["description", "default", "examples"]);
        let labelled = json!({
            "type": "object",
            "properties": { "label": { "$ref": format!("{DEFINITIONS}{LABEL}") }, "value": bare },
            "required": ["label", "value"],
            "additionalProperties": false
        });
        let mut entry = json!({
            "type": "array",
            "minItems": 1,
            "items": {
                "if": { "type": "object", "required": ["label"] },
                "then": labelled,
                "else": bare
            }
        });
        if let Some(description) = field.get("description") {
            entry["description"] = description.clone();
        }
        if let Some(table) = self.table(field) {
            entry["type"] = json!(["array", "object"]);
            entry["allOf"] = json!([table]);
        }
        entry
    }

    /// The `[sweep]` table below a key of the table kind `node`, if it is one.
    fn table(&mut self, node: &Value) -> Option<Value> {
        if let Some(reference) = node.get("$ref") {
            let derived = self.derived(reference, "Sweep", |made, def| {
                made.table(def).unwrap_or_else(|| def.clone())
            });
            return (&derived != reference).then(|| json!({ "$ref": derived }));
        }
        if node.get("properties").is_some()
            || node
                .get("additionalProperties")
                .is_some_and(Value::is_object)
        {
            // No `type`: a list of values passes a table's keywords untouched.
            let mut out = json!({});
            if let Some(properties) = node.get("properties") {
                out["properties"] = self.each(properties, Made::entry);
            }
            out["additionalProperties"] = match node.get("additionalProperties") {
                Some(entry @ Value::Object(_)) => self.entry(entry),
                _ => json!(false),
            };
            return Some(out);
        }
        let choices: Vec<Value> = ["oneOf", "anyOf", "allOf"]
            .iter()
            .filter_map(|key| node.get(key)?.as_array())
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .iter()
            .filter_map(|choice| self.table(choice))
            .collect();
        match choices.len() {
            0 => None,
            1 => choices.into_iter().next(),
            _ => Some(json!({ "anyOf": choices })),
        }
    }
}

/// `node` without the keywords `keys`.
fn without(node: &Value, keys: &[&str]) -> Value {
    let mut node = node.clone();
    if let Some(object) = node.as_object_mut() {
        object.retain(|key, _| !keys.contains(&key.as_str()));
    }
    node
}
