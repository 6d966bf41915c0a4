//! How Rust spells the types of generated code: the one place that decides
//! which std or runtime type holds each Smithy value, and how presence and
//! boxing wrap a field. Emitters turn a spelling into tokens, the API report
//! into text, so the two cannot disagree.

use super::{Field, Presence, RustType, UnionVariant};

/// A Rust type: a path and its generic arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spelling {
    /// A primitive, such as `bool` or `i32`.
    Primitive(&'static str),
    /// A std item in the prelude (`String`, `Vec`, `Option`, `Box`), with
    /// its arguments.
    Prelude(&'static str, Vec<Spelling>),
    /// A std item outside the prelude: its module under `std` and name.
    Std {
        module: &'static str,
        name: &'static str,
        args: Vec<Spelling>,
    },
    /// A type of the runtime crate, such as `Blob`.
    Runtime(&'static str),
    /// A generated type of the same module.
    Generated(String),
}

impl Spelling {
    fn prelude(name: &'static str, arg: Spelling) -> Self {
        Self::Prelude(name, vec![arg])
    }

    /// `Option<self>` when `optional`.
    fn optional_if(self, optional: bool) -> Self {
        if optional {
            Self::prelude("Option", self)
        } else {
            self
        }
    }

    /// `Box<self>` when `boxed`.
    fn boxed_if(self, boxed: bool) -> Self {
        if boxed {
            Self::prelude("Box", self)
        } else {
            self
        }
    }

    /// The type as a reader of the generated code's documentation names
    /// it: `Option<BTreeMap<String, String>>`.
    pub fn text(&self) -> String {
        let with_args = |name: &str, args: &[Spelling]| {
            if args.is_empty() {
                return name.to_owned();
            }
            let args: Vec<String> = args.iter().map(Spelling::text).collect();
            format!("{name}<{}>", args.join(", "))
        };
        match self {
            Self::Primitive(name) | Self::Runtime(name) => (*name).to_owned(),
            Self::Prelude(name, args) => with_args(name, args),
            Self::Std { name, args, .. } => with_args(name, args),
            Self::Generated(name) => name.clone(),
        }
    }
}

impl RustType {
    /// How Rust spells the type.
    pub fn spelling(&self) -> Spelling {
        match self {
            Self::Bool => Spelling::Primitive("bool"),
            Self::I8 => Spelling::Primitive("i8"),
            Self::I16 => Spelling::Primitive("i16"),
            Self::I32 => Spelling::Primitive("i32"),
            Self::I64 => Spelling::Primitive("i64"),
            Self::F32 => Spelling::Primitive("f32"),
            Self::F64 => Spelling::Primitive("f64"),
            Self::String => Spelling::Prelude("String", Vec::new()),
            Self::Blob => Spelling::Runtime("Blob"),
            Self::ByteStream => Spelling::Runtime("ByteStream"),
            Self::Timestamp(_) => Spelling::Runtime("Timestamp"),
            Self::Document => Spelling::Runtime("Document"),
            Self::BigInteger => Spelling::Runtime("BigInteger"),
            Self::BigDecimal => Spelling::Runtime("BigDecimal"),
            Self::Named(named) => Spelling::Generated(named.name.clone()),
            Self::List { item, sparse } => {
                Spelling::prelude("Vec", item.spelling().optional_if(*sparse))
            }
            // Ordered maps, so that what is written from them is the same
            // on every run.
            Self::Map { key, value, sparse } => Spelling::Std {
                module: "collections",
                name: "BTreeMap",
                args: vec![key.spelling(), value.spelling().optional_if(*sparse)],
            },
        }
    }
}

impl Field {
    /// The field's type in its structure: `Option` unless the member is
    /// always present, around its value type.
    pub fn spelling(&self) -> Spelling {
        self.value_spelling()
            .optional_if(self.presence == Presence::Optional)
    }

    /// The type of the field's value when present: `Box` when it closes a
    /// recursion cycle.
    pub fn value_spelling(&self) -> Spelling {
        self.ty.spelling().boxed_if(self.boxed)
    }
}

impl UnionVariant {
    /// The variant's value type, boxed when it closes a recursion cycle;
    /// `None` for a member that targets `Unit`.
    pub fn spelling(&self) -> Option<Spelling> {
        Some(self.ty.as_ref()?.spelling().boxed_if(self.boxed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_are_ordered_and_sparse_collections_hold_options() {
        let map = RustType::Map {
            key: Box::new(RustType::String),
            value: Box::new(RustType::List {
                item: Box::new(RustType::Blob),
                sparse: true,
            }),
            sparse: false,
        };
        assert_eq!(map.spelling().text(), "BTreeMap<String, Vec<Option<Blob>>>");
        assert_eq!(
            map.spelling().optional_if(true).boxed_if(false).text(),
            "Option<BTreeMap<String, Vec<Option<Blob>>>>"
        );
    }
}
