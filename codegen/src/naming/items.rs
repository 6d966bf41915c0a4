//! The names of generated items: types, builders, fields and their methods,
//! variants, operations and their functions, readers, pattern statics and
//! test functions. Each function here is the only place its rule lives;
//! the IR stores the results and emitters print them.

use std::collections::BTreeSet;

use super::{escape_keyword, snake_case, type_name, unique, unraw};

/// The catch-all variant every enum and union gets.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The prelude items that `types.rs` names by type or value; derive macros
/// are left out, as no type shadows them.
const PRELUDE_ITEMS: &[&str] = &["Box", "Default", "Ok", "Option", "Result", "String", "Vec"];

/// Names the builder methods take, which members must not shadow.
const RESERVED_MEMBER_NAMES: &[&str] = &["build", "builder", "default", "new"];

/// Methods every generated `Client` has, which operations must not take.
const CLIENT_METHODS: &[&str] = &["config", "new"];

/// Names given out one by one within one namespace; a clash gets the first
/// free number, so the order of asking decides who keeps the plain name.
#[derive(Debug, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// `base`, or `base2`, `base3`, ... (`base_2` with `separator` `_`).
    fn claim(&mut self, base: &str, separator: &str) -> String {
        let name = unique(base, separator, |n| self.taken.contains(n));
        self.taken.insert(name.clone());
        name
    }

    /// A type's name from its model name (or its service `rename`).
    pub fn type_name(&mut self, model_name: &str) -> String {
        self.claim(&type_name(model_name), "")
    }

    /// The names of an operation's type and functions.
    pub fn operation(&mut self, model_name: &str) -> OperationNames {
        let name = self.type_name(model_name);
        let stem = snake_case(&name);
        OperationNames {
            serialize_fn: format!("serialize_{stem}"),
            parse_fn: format!("parse_{stem}"),
            error_fn: format!("error_{stem}"),
            error_enum: format!("{name}Error"),
            name,
        }
    }

    /// The namespace of a service's `Client` methods.
    pub fn client() -> Self {
        Self {
            taken: CLIENT_METHODS.iter().map(|m| (*m).to_owned()).collect(),
        }
    }

    /// A `Client` method of an operation (by its type name), with a
    /// suffix such as `_pages`, or none.
    pub fn client_method(&mut self, operation: &str, suffix: &str) -> String {
        escape_keyword(&self.claim(&format!("{}{suffix}", snake_case(operation)), "_"))
    }

    /// The function that reads a structure from a response.
    pub fn reader(&mut self, struct_name: &str) -> String {
        self.claim(&format!("read_{}", snake_case(struct_name)), "_")
    }

    /// A protocol test function: the case id, then `request` or `response`.
    pub fn test_fn(&mut self, case_id: &str, kind: &str) -> String {
        self.claim(&format!("{}_{kind}", snake_case(case_id)), "_")
    }
}

/// What an operation's names are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationNames {
    /// The operation's type.
    pub name: String,
    pub serialize_fn: String,
    pub parse_fn: String,
    pub error_fn: String,
    pub error_enum: String,
}

/// A service's module, from its SDK id (`Chime SDK Voice` ->
/// `chime_sdk_voice`) or shape name.
pub fn module(name: &str) -> String {
    escape_keyword(&snake_case(name))
}

/// Whether a type of this name would shadow a prelude item that generated
/// code uses, which must then be named by its std path.
pub fn shadows_prelude(type_name: &str) -> bool {
    PRELUDE_ITEMS.contains(&type_name)
}

/// The `static` in `client.rs` describing operations that are signed (or
/// not) and fix endpoint parameters (`index` counts the distinct sets of
/// them, from 1; `None` when they fix none).
pub fn client_spec(signed: bool, index: Option<usize>) -> String {
    match (index, signed) {
        (Some(index), _) => format!("SPEC_{index}"),
        (None, true) => "SIGNED".to_owned(),
        (None, false) => "UNSIGNED".to_owned(),
    }
}

/// A structure's builder type.
pub fn builder(struct_name: &str) -> String {
    format!("{struct_name}Builder")
}

/// The `static` holding the `index`th pattern of a module.
pub fn pattern_static(index: usize) -> String {
    format!("PATTERN_{index}")
}

/// The catch-all variant of an operation's error enum, clear of the
/// modelled errors' variant names.
pub fn unhandled_variant(errors: &[String]) -> String {
    unique("Unhandled", "", |n| errors.iter().any(|e| e == n))
}

/// A structure field and the builder and default functions named after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldNames {
    /// The field, possibly a raw identifier.
    pub field: String,
    /// The builder method that sets or clears it.
    pub setter: String,
    /// The associated function giving its non-zero default.
    pub default_fn: String,
}

/// The fields of a structure, from its member names in order. Builders have
/// a `set_x` method for every `x` and methods of their own, so neither may
/// clash.
pub fn fields<'a>(member_names: impl IntoIterator<Item = &'a str>) -> Vec<FieldNames> {
    let mut names: Vec<String> = Vec::new();
    for member in member_names {
        let mut base = escape_keyword(&snake_case(member));
        if RESERVED_MEMBER_NAMES.contains(&unraw(&base)) {
            base = format!("{}_value", unraw(&base));
        }
        let taken = |candidate: &str| {
            let bare = unraw(candidate);
            names.iter().any(|n| {
                let n = unraw(n);
                n == bare || format!("set_{n}") == bare || format!("set_{bare}") == n
            })
        };
        let name = unique(&base, "_", taken);
        names.push(name);
    }
    names
        .into_iter()
        .map(|field| FieldNames {
            setter: format!("set_{}", unraw(&field)),
            default_fn: format!("default_{}", unraw(&field)),
            field,
        })
        .collect()
}

/// The fields of `EndpointParams`, from the rule set's parameter names,
/// which also name their setters; none may take the name of `resolve`.
pub fn endpoint_fields<'a>(parameter_names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    fields(parameter_names)
        .into_iter()
        .map(|names| match names.field.as_str() {
            "resolve" => "resolve_value".to_owned(),
            _ => names.field,
        })
        .collect()
}

/// The variants of an enum or union, from its member names (or values) in
/// order; none may be the catch-all, so a member named like it becomes
/// `UnknownValue`.
pub fn variants<'a>(model_names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut namespace = Namespace::default();
    namespace.taken.insert(UNKNOWN_VARIANT.to_owned());
    model_names
        .into_iter()
        .map(|model_name| {
            let base = match type_name(model_name) {
                name if name == UNKNOWN_VARIANT => format!("{UNKNOWN_VARIANT}Value"),
                name => name,
            };
            namespace.claim(&base, "")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_methods_keep_clear_of_the_clients_own_and_of_each_other() {
        let mut names = Namespace::client();
        assert_eq!(
            names.client_method("UpdateTrafficDistribution", ""),
            "update_traffic_distribution"
        );
        assert_eq!(names.client_method("New", ""), "new_2");
        assert_eq!(names.client_method("Config", ""), "config_2");
        assert_eq!(names.client_method("Match", ""), "r#match");
        assert_eq!(
            names.client_method("ListNotesPages", ""),
            "list_notes_pages"
        );
        assert_eq!(
            names.client_method("ListNotes", "_pages"),
            "list_notes_pages_2"
        );
        assert_eq!(client_spec(true, None), "SIGNED");
        assert_eq!(client_spec(false, None), "UNSIGNED");
        assert_eq!(client_spec(false, Some(2)), "SPEC_2");
    }

    #[test]
    fn fields_avoid_keywords_builder_methods_and_setter_clashes() {
        let names = fields(["Type", "Build", "Name", "SetName", "name"]);
        let fields: Vec<&str> = names.iter().map(|n| n.field.as_str()).collect();
        assert_eq!(
            fields,
            ["r#type", "build_value", "name", "set_name_2", "name_3"]
        );
        assert_eq!(names[0].setter, "set_type");
        assert_eq!(names[0].default_fn, "default_type");
    }

    #[test]
    fn variants_keep_clear_of_the_catch_all() {
        assert_eq!(
            variants(["UNKNOWN", "Unknown", "TCP", "tcp"]),
            ["UnknownValue", "UnknownValue2", "Tcp", "Tcp2"]
        );
    }

    #[test]
    fn operations_name_their_functions_after_the_type() {
        let mut namespace = Namespace::default();
        let names = namespace.operation("ListARNs");
        assert_eq!(names.name, "ListArns");
        assert_eq!(names.serialize_fn, "serialize_list_arns");
        assert_eq!(names.error_enum, "ListArnsError");
        assert_eq!(namespace.operation("ListArns").name, "ListArns2");
    }

    #[test]
    fn the_unhandled_variant_steps_aside_for_a_modelled_error() {
        assert_eq!(unhandled_variant(&["Throttled".into()]), "Unhandled");
        assert_eq!(unhandled_variant(&["Unhandled".into()]), "Unhandled2");
    }
}
