//! Enums for `enum` schemas: the list of values (`ALL`, `VALUES`), the exact wire value
//! (`as_str`/`value`, `Display`), `FromStr` (and `TryFrom<i64>`) whose error names the
//! parameter and suggests the nearest allowed value, and serde impls that accept exactly what
//! `FromStr` does (through the runtime's `enums`).
//!
//! Each wire value is written once, in `VALUES` (and quoted in its variant's doc): `as_str`
//! indexes `VALUES` by the variant's position, and `FromStr` finds the position through
//! `LOOKUP`, a perfect hash of the values that the generator computes. An integer enum's
//! `VALUES` are its integers in decimal, which `value()` reads. The trait impls, the same for
//! every enum but for its name, label and other variant, are one call of the runtime's
//! `string_enum!` or `integer_enum!`.
//!
//! An open enum (`open`) has one more variant holding any value the spec does not list, so
//! that a newer server's value round-trips instead of failing. Its variants cannot be cast to
//! their position, so `as_str` (`value`) matches each listed variant to its position.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::enum_lists::Lists;
use super::{deprecated, doc, ident, wire_doc};
use crate::format::splice::{self, Splices};
use crate::model::{IntegerEnum, StringEnum, TypeDef};

/// The name of the variant that holds unlisted values of an open enum: `Other`, unless a
/// listed value already took that name.
fn other_variant<'a>(taken: impl Iterator<Item = &'a str>) -> String {
    let taken: Vec<&str> = taken.collect();
    std::iter::once("Other".to_owned())
        .chain((2..).map(|n| format!("Other{n}")))
        .find(|name| !taken.contains(&name.as_str()))
        .expect("an unbounded range always yields a free name")
}

fn enum_doc(def: &TypeDef) -> TokenStream {
    let fallback = format!("The allowed values of `{}`.", def.name);
    let docs = doc(Some(def.doc.as_deref().unwrap_or(&fallback)));
    let deprecated = deprecated(def.deprecated);
    quote!(#docs #deprecated)
}

/// The vertices a key joins: the runtime's own functions, so that the tables computed here are
/// the ones it reads.
#[path = "../../runtime/src/enums/hash.rs"]
mod hash;

/// Vertices of the perfect hash's graph per key, in eighths: a little over two, where a random
/// graph is a forest often enough that few seeds are tried.
const VERTICES_PER_KEY_EIGHTHS: usize = 17;
/// Seeds tried: about one in five gives a forest.
const SEEDS_TRIED: u64 = 1 << 12;

/// An order-preserving perfect hash of an enum's keys, for the runtime's `enums::Lookup`: each
/// key is an edge between the two vertices its hash names (`hash::vertices`), and where those
/// edges make a forest, each vertex gets a number such that an edge's two numbers add up to
/// its key's position (CHM: Czech, Havas and Majewski).
struct PerfectHash {
    /// Whether keys are hashed from their sample (`hash::sampled`) or whole (`hash::hash`).
    sampled: bool,
    seed: u64,
    /// The number of each vertex.
    graph: Vec<u32>,
}

impl PerfectHash {
    /// The perfect hash of `keys` (distinct, as lowering makes enum values): from their
    /// samples where those tell the keys apart (one multiplication a key), else whole.
    fn of(keys: &[Vec<u8>]) -> PerfectHash {
        let samples: std::collections::HashSet<u64> =
            keys.iter().map(|key| hash::sample(key)).collect();
        (samples.len() == keys.len())
            .then(|| Self::search(keys, true))
            .flatten()
            .or_else(|| Self::search(keys, false))
            .expect("distinct keys have a perfect hash under some seed")
    }

    /// The first seed under which the keys' edges make a forest, numbered.
    fn search(keys: &[Vec<u8>], sampled: bool) -> Option<PerfectHash> {
        if keys.is_empty() {
            return Some(PerfectHash {
                sampled,
                seed: 0,
                graph: Vec::new(),
            });
        }
        let vertices = (keys.len() * VERTICES_PER_KEY_EIGHTHS).div_ceil(8).max(3);
        (0..SEEDS_TRIED).find_map(|seed| {
            let edges = keys.iter().map(|key| {
                let hash = match sampled {
                    true => hash::sampled(seed, key),
                    false => hash::hash(seed, key),
                };
                hash::vertices(hash, vertices)
            });
            let graph = number_forest(edges, keys.len(), vertices)?;
            Some(PerfectHash {
                sampled,
                seed,
                graph,
            })
        })
    }
}

/// Numbers for the `vertices` of a graph whose edge `k` joins the two vertices `edges` gives
/// `k`, such that an edge's two numbers add up to `k` modulo `count` (the number of edges):
/// none where an edge is a loop or the edges make a cycle.
fn number_forest(
    edges: impl Iterator<Item = (usize, usize)>,
    count: usize,
    vertices: usize,
) -> Option<Vec<u32>> {
    let mut neighbours: Vec<Vec<(usize, usize)>> = vec![Vec::new(); vertices];
    for (edge, (one, other)) in edges.enumerate() {
        if one == other {
            return None;
        }
        neighbours[one].push((other, edge));
        neighbours[other].push((one, edge));
    }
    let mut numbers: Vec<Option<usize>> = vec![None; vertices];
    let mut stack = Vec::new();
    for root in 0..vertices {
        if numbers[root].is_some() {
            continue;
        }
        numbers[root] = Some(0);
        // A vertex and the edge it was reached by.
        stack.push((root, usize::MAX));
        while let Some((vertex, through)) = stack.pop() {
            let number = numbers[vertex]?;
            for &(next, edge) in &neighbours[vertex] {
                if edge == through {
                    continue;
                }
                if numbers[next].is_some() {
                    return None;
                }
                numbers[next] = Some((edge + count - number) % count);
                stack.push((next, edge));
            }
        }
    }
    numbers
        .into_iter()
        .map(|number| number.and_then(|n| u32::try_from(n).ok()))
        .collect()
}

/// The consts every enum has, `ALL`, `VALUES` and the lookup `FromStr` finds values by (its
/// long arrays added to `splices`). `all` and `values` are the insides of `ALL`'s and
/// `VALUES`'s brackets; `keys` the values as the lookup hashes them.
fn listing(
    def: &TypeDef,
    all: &TokenStream,
    values: &TokenStream,
    keys: &[Vec<u8>],
    splices: &mut Splices,
) -> TokenStream {
    let PerfectHash {
        sampled,
        seed,
        graph,
    } = PerfectHash::of(keys);
    let seed = Literal::u64_unsuffixed(seed);
    let graph = graph.into_iter().map(u64::from).collect();
    let graph = numbers(&def.name, "graph", graph, splices);
    quote! {
        /// Every value the API description lists, in its order.
        pub const ALL: &'static [Self] = &[#all];
        /// The values of [`Self::ALL`] as the API writes them, in the same order.
        pub const VALUES: &'static [&'static str] = &[#values];
        /// Where each value is in [`Self::VALUES`]: a perfect hash of the values, computed by
        /// the generator.
        const LOOKUP: rt::__private::enums::Lookup = rt::__private::enums::Lookup {
            seed: #seed,
            sampled: #sampled,
            graph: &[#graph],
        };
    }
}

/// The inside of the brackets of an array of `numbers`: a packed splice (see
/// `format::splice`), its words added to `splices`, where the array is long.
fn numbers(owner: &str, list: &str, numbers: Vec<u64>, splices: &mut Splices) -> TokenStream {
    let marker = splice::marker(owner, list);
    match splices.add_packed(&marker, numbers.iter().map(u64::to_string).collect()) {
        true => quote!(#marker),
        false => {
            let literals = numbers.into_iter().map(Literal::u64_unsuffixed);
            quote!(#(#literals),*)
        }
    }
}

/// The variant of an open enum that holds unlisted values, if the enum is open.
fn open_variant<'a>(
    open: bool,
    names: impl Iterator<Item = &'a str>,
) -> Option<proc_macro2::Ident> {
    open.then(|| ident(&other_variant(names)))
}

/// `Self::Variant => Self::VALUES[position]`, each value read through `read`: how an open enum,
/// whose variants cannot be cast to their position, finds its listed values.
fn listed_arms(
    variants: &[proc_macro2::Ident],
    read: impl Fn(TokenStream) -> TokenStream,
) -> Vec<TokenStream> {
    variants
        .iter()
        .enumerate()
        .map(|(position, variant)| {
            let position = Literal::usize_unsuffixed(position);
            let value = read(quote!(Self::VALUES[#position]));
            quote!(Self::#variant => #value,)
        })
        .collect()
}

/// A string enum: its definition and lists, and its trait impls through the runtime's
/// `string_enum!`, which only its name, label and other variant vary.
pub fn string_enum(def: &TypeDef, e: &StringEnum, splices: &mut Splices) -> TokenStream {
    let other = open_variant(e.open, e.variants.iter().map(|v| v.rust_name.as_str()));
    let mut items = string_enum_with(def, e, other.as_ref(), splices, Lists::of);
    let (name, label) = (ident(&def.name), &e.label);
    let openness = match other {
        Some(other) => quote!(open #other),
        None => quote!(closed),
    };
    items.extend(quote!(rt::__private::string_enum!(#name #label #openness);));
    items
}

/// [`string_enum`] but its trait impls, `other` its open variant, its lists made by `lists`
/// (a test compares spliced lists with tokens).
fn string_enum_with(
    def: &TypeDef,
    e: &StringEnum,
    other: Option<&proc_macro2::Ident>,
    splices: &mut Splices,
    lists: impl Fn(&str, &[proc_macro2::Ident], &[String], bool, &mut Splices) -> Lists,
) -> TokenStream {
    let name = ident(&def.name);
    let docs = enum_doc(def);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<String> = e.variants.iter().map(|v| v.wire.clone()).collect();
    let keys: Vec<Vec<u8>> = wires.iter().map(|wire| wire.as_bytes().to_vec()).collect();
    let lists = lists(&def.name, &variants, &wires, e.open, splices);
    let consts = listing(def, &lists.all, &lists.values, &keys, splices);
    let (derive_copy, other_variant, as_str) = match other {
        Some(other) => {
            let value_arms = &lists.as_str;
            // A match from position to variant, not `ALL[at].clone()`: the derived `Clone` of
            // an enum with a `String` variant is a jump table, where this match compiles to
            // arithmetic on the position (the last variant takes the positions past it, which
            // `LOOKUP` never gives, so that nothing can panic).
            let (last, earlier) = variants.split_last().expect("an enum lists a value");
            let position_arms = &lists.listed;
            let at_position = if earlier.is_empty() {
                quote! {
                    /// The listed value at `_position` in [`Self::ALL`]: there is one.
                    fn listed(_position: usize) -> Self {
                        Self::#last
                    }
                }
            } else {
                quote! {
                    /// The listed value at `position` in [`Self::ALL`].
                    fn listed(position: usize) -> Self {
                        match position {
                            #position_arms
                            _ => Self::#last,
                        }
                    }
                }
            };
            (
                TokenStream::new(),
                quote! {
                    /// A value the API description does not list, kept exactly as received.
                    #other(String),
                },
                quote! {
                    /// The exact string the API uses for this value.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #value_arms
                            Self::#other(value) => value,
                        }
                    }

                    #at_position
                },
            )
        }
        // A closed enum's `as_str` indexes `VALUES` by the variant's position, the same for
        // every enum: `string_enum!` writes it.
        None => (quote!(Copy,), TokenStream::new(), TokenStream::new()),
    };
    let declared = &lists.variants;
    quote! {
        #docs
        #[derive(Debug, Clone, #derive_copy PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #declared
            #other_variant
        }

        impl #name {
            #consts
            #as_str
        }
    }
}

pub fn integer_enum(def: &TypeDef, e: &IntegerEnum, splices: &mut Splices) -> TokenStream {
    let name = ident(&def.name);
    let docs = enum_doc(def);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let numbers: Vec<i64> = e.variants.iter().map(|v| v.value).collect();
    let texts: Vec<String> = numbers.iter().map(i64::to_string).collect();
    let variant_docs = texts.iter().map(|text| wire_doc(text));
    let keys: Vec<Vec<u8>> = numbers.iter().map(|n| n.to_le_bytes().to_vec()).collect();
    let (all, values) = (quote!(#(Self::#variants),*), quote!(#(#texts),*));
    let consts = listing(def, &all, &values, &keys, splices);
    let label = &e.label;
    let other = open_variant(e.open, e.variants.iter().map(|v| v.rust_name.as_str()));
    let (other_variant, value, openness) = match &other {
        Some(other) => {
            let listed = listed_arms(
                &variants,
                |value| quote!(rt::__private::enums::integer(#value)),
            );
            (
                quote! {
                    /// A value the API description does not list, kept exactly as received.
                    #other(i64),
                },
                quote! {
                    /// The integer the API uses for this value.
                    pub const fn value(&self) -> i64 {
                        match self {
                            #(#listed)*
                            Self::#other(value) => *value,
                        }
                    }
                },
                quote!(open #other),
            )
        }
        // A closed enum's `value()`, the same for every enum, is `integer_enum!`'s.
        None => (TokenStream::new(), TokenStream::new(), quote!(closed)),
    };
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variant_docs #variants,)*
            #other_variant
        }

        impl #name {
            #consts
            #value
        }

        rt::__private::integer_enum!(#name #label #openness);
    }
}

#[cfg(test)]
mod tests {
    use crate::format::splice::Splices;
    use crate::model::TypeKind;

    /// The code emitted for each enum of `schemas` (YAML under `components/schemas`).
    fn emitted(schemas: &str) -> Vec<String> {
        let file = crate::SpecFile {
            name: "enums.yaml".to_owned(),
            contents: format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n\
                 components:\n  schemas:\n{schemas}"
            ),
        };
        let api = crate::read_model(&[file], &crate::Options::default())
            .expect("the spec is valid")
            .0;
        // The enums here are short: nothing is spliced, and the tokens are the whole code.
        let mut splices = Splices::default();
        let code = api
            .types
            .iter()
            .filter_map(|def| match &def.kind {
                TypeKind::StringEnum(e) => Some(super::string_enum(def, e, &mut splices)),
                TypeKind::IntegerEnum(e) => Some(super::integer_enum(def, e, &mut splices)),
                _ => None,
            })
            .map(|tokens| tokens.to_string())
            .collect();
        assert!(splices.is_empty());
        code
    }

    #[test]
    fn each_wire_value_is_written_once() {
        let code = emitted(
            "    Closed: {type: string, enum: [b_two, a_one, c_three]}\n\
             \x20   Open: {type: string, x-extensible-enum: [b_two, a_one, Other]}\n\
             \x20   Level: {type: integer, enum: [20, -3, 7]}\n",
        );
        assert_eq!(code.len(), 3, "{code:?}");
        for code in &code[..2] {
            for wire in ["b_two", "a_one"] {
                // Once as a string literal (in `VALUES`), once quoted in the variant's doc.
                assert_eq!(code.matches(&format!("\"{wire}\"")).count(), 1, "{code}");
                assert_eq!(code.matches(wire).count(), 2, "{code}");
            }
        }
        // The open enum's listed variants find their values by position.
        assert!(
            code[1].contains("Self :: AOne => Self :: VALUES [1] ,"),
            "{}",
            code[1]
        );
        assert!(code[1].contains("Other2 (String)"), "{}", code[1]);
        for number in ["20", "-3", "7"] {
            assert_eq!(code[2].matches(&format!("\"{number}\"")).count(), 1);
        }
        assert!(!code[2].contains("i64 =>"), "{}", code[2]);
    }

    #[test]
    fn the_perfect_hash_finds_each_key_s_own_position() {
        // Keys alike but for their last bytes, short ones, and integers' bytes.
        let families: [fn(i64) -> Vec<u8>; 3] = [
            |n| format!("Email_Value_{n}").into_bytes(),
            |n| n.to_string().into_bytes(),
            |n| (n - 100).to_le_bytes().to_vec(),
        ];
        for (family, count) in families
            .iter()
            .flat_map(|family| [0, 1, 2, 3, 10, 270, 2000].map(|count| (family, count)))
        {
            let keys: Vec<Vec<u8>> = (0..count).map(|n| family(n as i64)).collect();
            let table = super::PerfectHash::of(&keys);
            for (position, key) in keys.iter().enumerate() {
                let hash = match table.sampled {
                    true => super::hash::sampled(table.seed, key),
                    false => super::hash::hash(table.seed, key),
                };
                let (one, other) = super::hash::vertices(hash, table.graph.len());
                let sum = (table.graph[one] + table.graph[other]) as usize;
                assert_eq!(sum % count, position, "{count} keys");
            }
        }
    }

    /// An enum's lists spliced as text print as their tokens do: names of every length up
    /// to 120 characters (a long arm is put in a block, so its list is not spliced), wire
    /// values with quotes, backticks and a line break (whose doc is not spliced), open and
    /// closed, of 15 to 300 values.
    #[test]
    fn spliced_lists_print_as_their_tokens_do() {
        use crate::model::{Source, StringEnum, StringVariant, TypeDef};
        // (values, open, a value with a line break, (the value whose name is long, how long)):
        // the longest arm of `as_str`, then of `listed`, exactly as long as fits (90 columns,
        // its comma counted), then one longer.
        for (count, open, odd, long) in [
            (15, true, false, None),
            (16, true, false, None),
            (16, true, false, Some((15, 51))),
            (16, true, false, Some((15, 52))),
            (16, true, false, Some((14, 66))),
            (16, true, false, Some((14, 67))),
            (40, false, false, None),
            (40, true, true, None),
            (300, true, false, None),
        ] {
            let variants = (0..count)
                .map(|n: usize| StringVariant {
                    wire: match n {
                        3 if odd => "line\nbreak".to_owned(),
                        _ => format!("value \"{n}\" `{n}`"),
                    },
                    rust_name: match long {
                        Some((at, length)) if at == n => format!("V{}", "X".repeat(length - 1)),
                        Some(_) => format!("Value{n}"),
                        None => format!("Value{n}{}", "X".repeat(n % 120)),
                    },
                })
                .collect();
            let e = StringEnum {
                label: "e".to_owned(),
                variants,
                open,
            };
            let def = TypeDef {
                name: "Sample".to_owned(),
                doc: Some("A sample.".to_owned()),
                deprecated: false,
                kind: TypeKind::StringEnum(e.clone()),
                source: Source::default(),
            };
            let printed = |tokens, splices: &Splices| {
                let items = crate::format::items("types.rs", tokens, splices).unwrap();
                crate::format::join("", [items])
            };
            let mut splices = Splices::default();
            let other = super::open_variant(open, e.variants.iter().map(|v| v.rust_name.as_str()));
            let other = other.as_ref();
            let spliced = super::string_enum_with(&def, &e, other, &mut splices, super::Lists::of);
            let spliced = printed(spliced, &splices);
            let mut none = Splices::default();
            let tokens = super::string_enum_with(
                &def,
                &e,
                other,
                &mut none,
                |_, variants, wires, open, _| super::Lists::tokens(variants, wires, open),
            );
            let tokens = printed(tokens, &none);
            assert_eq!(spliced, tokens, "{count} values, open: {open}");
            assert!(!spliced.contains("__splice"), "{spliced}");
        }
    }
}
