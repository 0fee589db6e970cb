use std::borrow::Cow;

use serde::Serialize;

use super::*;
use crate::body::{decode_body, encode_body};
use crate::decode::{split_simple, strip_prefix};
use crate::encode::{collect_texts, path_value};
use crate::operation::{BodyInfo, BodyMedia, NoFailure, Param, Shape};
use crate::rules::{Format, Rule};
use crate::secret::Secret;
use crate::value::Binary;
use crate::value::Booleans;
use crate::value::Encoded;
use crate::vocab::{Media, Method, Style};
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct NewPet {
    name: String,
    tag: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Filter {
    kind: String,
    min_age: Option<u8>,
}

/// What a generated parameter struct looks like: a field per parameter of `INFO.params`,
/// then the body.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct FindPets {
    id: String,
    tags: Option<Vec<String>>,
    limit: Option<i32>,
    filter: Option<Filter>,
    trace: Option<String>,
    session: Option<Secret>,
    verbose: Option<bool>,
    body: Option<NewPet>,
}

static LIMIT: &[Rule] = &[Rule::Minimum(1.0), Rule::Maximum(100.0)];
static TRACE: &[Rule] = &[Rule::Format(Format::Uuid)];
static SESSION: &[Rule] = &[Rule::MaxLength(8)];

static INFO: OperationInfo = OperationInfo {
    id: "findPets",
    method: Method::Post,
    path: "/pets/{id}/friends",
    params: &[
        Param::path("id"),
        Param::query("tags").list(),
        Param::query("limit").rules(LIMIT),
        Param::query("filter").object().style(Style::DeepObject),
        Param::header("X-Trace-Id").field("trace").rules(TRACE),
        Param::cookie("session").sensitive().rules(SESSION),
        Param::query("verbose"),
    ],
    body: Some(BodyInfo {
        required: false,
        media: &[BodyMedia {
            content_type: "application/json",
            media: Media::Json,
        }],
    }),
    ..OperationInfo::DEFAULT
};

impl Operation for FindPets {
    type Output = Vec<NewPet>;
    type Failure = NoFailure;
    const INFO: &'static OperationInfo = &INFO;

    fn decode(input: &mut Decoder<'_>) -> Option<Self> {
        let id = input.required("id");
        Some(Self {
            tags: input.optional("tags"),
            limit: input.optional("limit"),
            filter: input.optional("filter"),
            trace: input.optional("trace"),
            session: input.optional("session"),
            verbose: input.optional("verbose"),
            body: input.optional_body(),
            id: id?,
        })
    }
}

fn full() -> FindPets {
    FindPets {
        id: "a/b c".into(),
        tags: Some(vec!["x y".into(), "z".into()]),
        limit: Some(10),
        filter: Some(Filter {
            kind: "dog".into(),
            min_age: Some(2),
        }),
        trace: Some("123e4567-e89b-12d3-a456-426614174000".into()),
        session: Some("s3cr3t".into()),
        verbose: Some(true),
        body: Some(NewPet {
            name: "Rex".into(),
            tag: None,
        }),
    }
}

/// The request as a server would receive it.
fn incoming(request: &Request) -> Incoming<'_> {
    let path = request
        .path
        .strip_prefix("/pets/")
        .and_then(|rest| rest.strip_suffix("/friends"))
        .unwrap();
    let id = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .unwrap();
    Incoming {
        path: vec![("id".into(), Cow::Owned(id.into_owned()))],
        query: form_urlencoded::parse(request.query_string().as_bytes())
            .map(|(k, v)| (Cow::Owned(k.into_owned()), Cow::Owned(v.into_owned())))
            .collect(),
        headers: request
            .headers
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect(),
        cookies: request
            .cookies
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect(),
        body: request
            .body
            .as_ref()
            .map(|body| (body.content_type.as_str(), body.bytes.as_slice())),
    }
}

#[test]
fn parameters_go_where_the_description_says() {
    let request = Request::encode(&full()).unwrap();
    assert_eq!(request.path, "/pets/a%2Fb%20c/friends");
    assert_eq!(
        request.query_string(),
        "tags=x+y&tags=z&limit=10&filter%5Bkind%5D=dog&filter%5Bmin_age%5D=2&verbose=true"
    );
    assert_eq!(
        request.headers,
        vec![(
            "X-Trace-Id",
            "123e4567-e89b-12d3-a456-426614174000".to_owned()
        )]
    );
    assert_eq!(request.cookie_header().as_deref(), Some("session=s3cr3t"));
    let body = request.body.unwrap();
    assert_eq!(body.content_type, "application/json");
    assert_eq!(body.bytes, br#"{"name":"Rex","tag":null}"#);
}

#[test]
fn what_the_client_sends_the_server_reads_back() {
    for params in [
        full(),
        FindPets {
            tags: Some(vec![]),
            filter: None,
            body: None,
            ..full()
        },
    ] {
        let request = Request::encode(&params).unwrap();
        let decoded: FindPets = Decoder::decode(incoming(&request)).unwrap();
        let expected = FindPets {
            // An empty exploded list is not sent at all.
            tags: params.tags.clone().filter(|tags| !tags.is_empty()),
            ..params
        };
        assert_eq!(decoded, expected);
    }
}

#[test]
fn every_problem_is_reported_by_parameter_in_order() {
    let params = FindPets {
        id: String::new(),
        limit: Some(1000),
        trace: Some("not-a-uuid".into()),
        session: Some("much-too-long-secret".into()),
        ..full()
    };
    let errors = params.validate().unwrap_err();
    let text = errors.to_string();
    let names: Vec<&str> = errors.iter().map(|e| e.parameter).collect();
    assert_eq!(names, ["id", "limit", "X-Trace-Id", "session"], "{text}");
    assert!(text.contains("parameter `limit` has an invalid value \"1000\": must be at most 100"));
    assert!(!text.contains("much-too-long-secret"), "{text}");

    let incoming = Incoming {
        query: vec![
            ("limit".into(), "ten".into()),
            ("verbose".into(), "yes".into()),
            ("verbose".into(), "no".into()),
        ],
        body: Some(("application/json", b"{\"name\": 7}")),
        ..Incoming::default()
    };
    let errors = Decoder::decode::<FindPets>(incoming).unwrap_err();
    let problems: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "parameter `id` is required but missing",
            "parameter `limit` has an invalid value \"ten\": expected an integer from \
             -2147483648 to 2147483647",
            "parameter `verbose` is given more than once",
            "parameter `body` has an invalid value: not the JSON the API describes at \
             `name`: invalid type: integer `7`, expected a string at line 1 column 10",
        ]
    );
}

#[test]
fn a_body_of_an_unaccepted_media_type_is_refused() {
    let incoming = Incoming {
        path: vec![("id".into(), "1".into())],
        body: Some(("text/xml", b"<pet/>")),
        ..Incoming::default()
    };
    let errors = Decoder::decode::<FindPets>(incoming).unwrap_err();
    assert!(
        errors.to_string().contains("\"text/xml\" is not accepted"),
        "{errors}"
    );
}

fn param(style: Style, explode: bool, shape: Shape) -> Param {
    Param {
        style,
        explode,
        shape,
        ..Param::path("p")
    }
}

#[test]
fn path_styles() {
    let list = Encoded::List(vec![Encoded::Text("a".into()), Encoded::Text("b".into())]);
    let object = Encoded::Map(vec![
        ("x".into(), Encoded::Text("1".into())),
        ("y".into(), Encoded::Text("2".into())),
    ]);
    let cases = [
        (param(Style::Simple, false, Shape::List), &list, "a,b"),
        (param(Style::Label, false, Shape::List), &list, ".a,b"),
        (param(Style::Label, true, Shape::List), &list, ".a.b"),
        (param(Style::Matrix, false, Shape::List), &list, ";p=a,b"),
        (param(Style::Matrix, true, Shape::List), &list, ";p=a;p=b"),
        (
            param(Style::Simple, false, Shape::Object),
            &object,
            "x,1,y,2",
        ),
        (
            param(Style::Simple, true, Shape::Object),
            &object,
            "x=1,y=2",
        ),
        (
            param(Style::Matrix, true, Shape::Object),
            &object,
            ";x=1;y=2",
        ),
    ];
    for (param, value, expected) in cases {
        let written = path_value(&param, value);
        assert_eq!(
            written, expected,
            "{:?} explode {}",
            param.style, param.explode
        );
        let read = split_simple(&param, strip_prefix(&param, Cow::Owned(written)));
        let texts: Vec<String> = read.texts().into_iter().map(Cow::into_owned).collect();
        let mut expected_texts = Vec::new();
        collect_texts(value, &mut expected_texts);
        assert_eq!(
            texts, expected_texts,
            "{:?} explode {}",
            param.style, param.explode
        );
    }
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Upload {
    note: String,
    count: u32,
    file: Binary,
    labels: Vec<String>,
}

#[test]
fn form_and_multipart_bodies_read_back() {
    let upload = Upload {
        note: "a & b".into(),
        count: 3,
        file: Binary(vec![0, 159, 146, 150]),
        labels: vec!["x".into(), "y".into()],
    };
    let body = encode_body(
        &upload,
        "multipart/form-data",
        Media::Multipart,
        Booleans::Words,
    )
    .unwrap()
    .unwrap();
    assert!(
        body.content_type
            .starts_with("multipart/form-data; boundary=")
    );
    let read: Upload = decode_body(
        Media::Multipart,
        &body.content_type,
        &body.bytes,
        Booleans::Words,
    )
    .unwrap();
    assert_eq!(read, upload);

    let pet = NewPet {
        name: "Rex & co".into(),
        tag: Some("good".into()),
    };
    let body = encode_body(
        &pet,
        "application/x-www-form-urlencoded",
        Media::Form,
        Booleans::Words,
    )
    .unwrap()
    .unwrap();
    assert_eq!(body.bytes, b"name=Rex+%26+co&tag=good");
    let read: NewPet = decode_body(
        Media::Form,
        &body.content_type,
        &body.bytes,
        Booleans::Words,
    )
    .unwrap();
    assert_eq!(read, pet);
}

/// Two parameters of one type whose struct fields come in the other order than
/// `OperationInfo::params`, with the body between them: each value still travels as its own
/// parameter, because fields are bound to parameters by name, not by position.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct Swapped {
    service: String,
    body: Option<NewPet>,
    user: String,
}

static SWAPPED: OperationInfo = OperationInfo {
    id: "swapped",
    method: Method::Post,
    params: &[
        Param::query("user").required(),
        Param::query("service").required(),
    ],
    body: Some(BodyInfo {
        required: false,
        media: &[BodyMedia {
            content_type: "application/json",
            media: Media::Json,
        }],
    }),
    ..OperationInfo::DEFAULT
};

impl Operation for Swapped {
    type Output = ();
    type Failure = NoFailure;
    const INFO: &'static OperationInfo = &SWAPPED;

    fn decode(input: &mut Decoder<'_>) -> Option<Self> {
        let service = input.required("service");
        let user = input.required("user");
        Some(Self {
            body: input.optional_body(),
            service: service?,
            user: user?,
        })
    }
}

#[test]
fn fields_bind_to_parameters_by_name_not_position() {
    let swapped = Swapped {
        service: "whostmgrd".into(),
        body: Some(NewPet {
            name: "Rex".into(),
            tag: None,
        }),
        user: "root".into(),
    };
    let request = Request::encode(&swapped).unwrap();
    let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    assert_eq!(
        request.query,
        [pair("user", "root"), pair("service", "whostmgrd")]
    );
    assert!(request.body.is_some());
    let query_string = request.query_string();
    let query: Vec<_> = form_urlencoded::parse(query_string.as_bytes()).collect();
    let decoded: Swapped = Decoder::decode(Incoming {
        query,
        body: Some(("application/json", &request.body.as_ref().unwrap().bytes)),
        ..Incoming::default()
    })
    .unwrap();
    assert_eq!(decoded, swapped);
}

#[test]
fn a_field_that_holds_no_parameter_is_reported_not_dropped() {
    #[derive(Serialize)]
    struct Stray {
        user: String,
        stray: u8,
    }
    impl Operation for Stray {
        type Output = ();
        type Failure = NoFailure;
        const INFO: &'static OperationInfo = &OperationInfo {
            id: "stray",
            params: &[Param::query("user")],
            ..OperationInfo::DEFAULT
        };
        fn decode(input: &mut Decoder<'_>) -> Option<Self> {
            let stray = input.required("stray");
            Some(Self {
                user: input.required("user")?,
                stray: stray?,
            })
        }
    }
    let stray = Stray {
        user: "root".into(),
        stray: 1,
    };
    let errors = Request::encode(&stray).unwrap_err().to_string();
    assert!(
        errors.contains("`stray` holds no parameter of `stray`"),
        "{errors}"
    );
    let query = vec![("user".into(), "root".into())];
    let errors = Decoder::decode::<Stray>(Incoming {
        query,
        ..Incoming::default()
    })
    .err()
    .unwrap()
    .to_string();
    assert!(
        errors.contains("no parameter of `stray` is held in it"),
        "{errors}"
    );
}
