//! Reading nodes and edges field by field. `#[serde(flatten)]` (to keep the fields the canvas adds)
//! would buffer every field of every node before rebuilding it; a 10,000-node document spent most
//! of its validation time there. These visitors read each known field into place and put anything
//! else in `extra`, in one pass.

use crate::{Edge, JsonMap, Node, Position};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// A map key, borrowed from the input when it can be.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a node object with id, type, position and data")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let (mut id, mut node_type, mut position, mut data) = (None, None, None, None);
                let mut extra = JsonMap::new();
                while let Some(Key(key)) = map.next_key::<Key>()? {
                    match key.as_ref() {
                        "id" => id = Some(map.next_value::<String>()?),
                        "type" => node_type = Some(map.next_value::<String>()?),
                        "position" => position = Some(map.next_value::<Position>()?),
                        "data" => data = map.next_value::<Option<JsonMap>>()?,
                        _ => {
                            extra.insert(key.into_owned(), map.next_value()?);
                        }
                    }
                }
                Ok(Node {
                    id: id.ok_or_else(|| de::Error::missing_field("id"))?,
                    node_type: node_type.ok_or_else(|| de::Error::missing_field("type"))?,
                    position: position.unwrap_or_default(),
                    data: data.unwrap_or_default(),
                    extra,
                })
            }
        }
        deserializer.deserialize_map(NodeVisitor)
    }
}

impl<'de> Deserialize<'de> for Edge {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EdgeVisitor;
        impl<'de> Visitor<'de> for EdgeVisitor {
            type Value = Edge;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an edge object with id, source and target")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Edge, A::Error> {
                let (mut id, mut source, mut target) = (None, None, None);
                let (mut source_handle, mut target_handle) = (None, None);
                let mut extra = JsonMap::new();
                while let Some(Key(key)) = map.next_key::<Key>()? {
                    match key.as_ref() {
                        "id" => id = Some(map.next_value::<String>()?),
                        "source" => source = Some(map.next_value::<String>()?),
                        "target" => target = Some(map.next_value::<String>()?),
                        "sourceHandle" => source_handle = map.next_value::<Option<String>>()?,
                        "targetHandle" => target_handle = map.next_value::<Option<String>>()?,
                        _ => {
                            extra.insert(key.into_owned(), map.next_value()?);
                        }
                    }
                }
                Ok(Edge {
                    id: id.ok_or_else(|| de::Error::missing_field("id"))?,
                    source: source.ok_or_else(|| de::Error::missing_field("source"))?,
                    source_handle,
                    target: target.ok_or_else(|| de::Error::missing_field("target"))?,
                    target_handle,
                    extra,
                })
            }
        }
        deserializer.deserialize_map(EdgeVisitor)
    }
}
