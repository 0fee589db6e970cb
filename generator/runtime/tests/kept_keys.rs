//! An open object that kept keys its description does not name, sent as a form and as a
//! multipart body by the runtime's client to its server on loopback: the kept keys travel as
//! fields beside the named ones, and the server reads them back into the rest.

use std::collections::BTreeMap;

use openapi_runtime::__private::Decoder;
use openapi_runtime::client;
use openapi_runtime::operation::{ApiInfo, BodyInfo, BodyMedia, OperationInfo, ResponseInfo};
use openapi_runtime::server::{self, NoAuth};
use openapi_runtime::vocab::{Media, Method};
use openapi_runtime::{NoFailure, Operation};
use serde::Serialize;

static API: ApiInfo = ApiInfo {
    title: "Notes",
    servers: &[],
    schemes: &[],
};

/// An open object, written as the generator writes one: the keys it does not name are kept.
#[derive(Debug, Clone, PartialEq, Default)]
struct Note {
    title: Option<String>,
    additional: BTreeMap<String, serde_json::Value>,
}

openapi_runtime::__private::object!(Note open in place rest additional: serde_json::Value {
    0 "title" title;
});

/// `POST /notes` (a form) or `POST /parts` (multipart): the note read back, as JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct AddNote<const MULTIPART: bool> {
    body: Note,
}

impl<const MULTIPART: bool> Operation for AddNote<MULTIPART> {
    type Output = Note;
    type Failure = NoFailure;
    const INFO: &'static OperationInfo = &OperationInfo {
        id: if MULTIPART { "addPart" } else { "addNote" },
        method: Method::Post,
        path: if MULTIPART { "/parts" } else { "/notes" },
        body: Some(BodyInfo {
            required: true,
            media: if MULTIPART {
                &[BodyMedia {
                    content_type: "multipart/form-data",
                    media: Media::Multipart,
                }]
            } else {
                &[BodyMedia {
                    content_type: "application/x-www-form-urlencoded",
                    media: Media::Form,
                }]
            },
        }),
        responses: &[ResponseInfo {
            status: "200",
            content_type: "application/json",
            media: Media::Json,
            success: true,
        }],
        ..OperationInfo::DEFAULT
    };

    fn decode(input: &mut Decoder<'_>) -> Option<Self> {
        Some(Self {
            body: input.body()?,
        })
    }
}

async fn serve() -> String {
    let router = server::Router::new(&API, (), NoAuth)
        .public::<AddNote<false>, _, _>(|_api, params: AddNote<false>| async move {
            Ok::<_, NoFailure>(params.body)
        })
        .public::<AddNote<true>, _, _>(|_api, params: AddNote<true>| async move {
            Ok::<_, NoFailure>(params.body)
        })
        .into_axum();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

#[tokio::test]
async fn kept_keys_travel_as_form_fields_and_multipart_parts() {
    let base = serve().await;
    let client = client::Builder::<client::Client>::new(&API)
        .base_url(&base)
        .build()
        .unwrap();
    let note = Note {
        title: Some("groceries & more".into()),
        additional: [
            ("colour".to_owned(), serde_json::json!("red")),
            ("tags".to_owned(), serde_json::json!(["a", "b"])),
        ]
        .into_iter()
        .collect(),
    };
    // Form fields and parts are text: what was kept comes back as the text it was sent as.
    let expected = Note {
        title: note.title.clone(),
        additional: [
            ("colour".to_owned(), serde_json::json!("red")),
            ("tags".to_owned(), serde_json::json!(["a", "b"])),
        ]
        .into_iter()
        .collect(),
    };
    let by_form = client
        .call(&AddNote::<false> { body: note.clone() })
        .await
        .unwrap();
    assert_eq!(by_form, expected);
    let by_parts = client.call(&AddNote::<true> { body: note }).await.unwrap();
    assert_eq!(by_parts, expected);
}
