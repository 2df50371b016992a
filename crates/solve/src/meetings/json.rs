//! Reading JSON instances field by field, so that every error names its field
//! (`offers[2].capacity: invalid type …`) — serde's derived errors only give a line and column.
//! Shared by the `meetings` and `placement` entry points.

use crate::cli::InputError;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

pub(crate) fn parse(input: &str) -> Result<Value, InputError> {
    serde_json::from_str(input).map_err(|e| InputError(format!("invalid JSON: {e}")))
}

/// A JSON object whose fields have been checked against the allowed list.
pub(crate) struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl<'a> Obj<'a> {
    /// `path` names the object in messages (`""` for the top level); unknown fields are rejected.
    pub(crate) fn new(v: &'a Value, path: &str, fields: &[&str]) -> Result<Self, InputError> {
        let Value::Object(map) = v else {
            let what = if path.is_empty() {
                "the instance"
            } else {
                path
            };
            return Err(InputError(format!("{what}: expected an object")));
        };
        if let Some(k) = map.keys().find(|k| !fields.contains(&k.as_str())) {
            let at = if path.is_empty() {
                String::new()
            } else {
                format!("{path}: ")
            };
            return Err(InputError(format!(
                "{at}unknown field `{k}`, expected one of: {}",
                fields.join(", ")
            )));
        }
        Ok(Obj {
            map,
            path: path.to_owned(),
        })
    }

    pub(crate) fn path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// A required field.
    pub(crate) fn req<T: DeserializeOwned>(&self, key: &str) -> Result<T, InputError> {
        self.opt(key)?
            .ok_or_else(|| InputError(format!("{}: missing field", self.path(key))))
    }

    /// An optional field; `null` counts as absent.
    pub(crate) fn opt<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, InputError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => T::deserialize(v)
                .map(Some)
                .map_err(|e| InputError(format!("{}: {e}", self.path(key)))),
        }
    }

    /// A required array, returned as raw values for element-wise reading.
    pub(crate) fn list(&self, key: &str) -> Result<&'a [Value], InputError> {
        match self.map.get(key) {
            None | Some(Value::Null) => {
                Err(InputError(format!("{}: missing field", self.path(key))))
            }
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(InputError(format!("{}: expected an array", self.path(key)))),
        }
    }
}
