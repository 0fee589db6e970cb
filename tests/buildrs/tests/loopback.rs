//! The client and server generated in build.rs, against each other on loopback, with the
//! crate's own types in place of the spec's.

use std::sync::Mutex;

use buildrs_example::client::Client;
use buildrs_example::runtime::NoFailure;
use buildrs_example::server::Api;
use buildrs_example::{AddNoteParams, ListNotesParams, Money, NewNote, Note, Stamp};

#[derive(Default)]
struct Notes(Mutex<Vec<Note>>);

impl Api for Notes {
    async fn list_notes(&self, params: ListNotesParams) -> Result<Vec<Note>, NoFailure> {
        let notes = self.0.lock().unwrap();
        Ok(notes
            .iter()
            .filter(|note| {
                params
                    .since
                    .as_ref()
                    .is_none_or(|since| &note.written >= since)
            })
            .cloned()
            .collect())
    }

    async fn add_note(&self, params: AddNoteParams) -> Result<Note, NoFailure> {
        let mut notes = self.0.lock().unwrap();
        let note = Note {
            id: notes.len() as i64 + 1,
            text: params.body.text,
            written: params.body.written,
            price: params.body.price,
        };
        notes.push(note.clone());
        Ok(note)
    }
}

#[tokio::test]
async fn the_client_calls_the_server_with_the_replaced_types() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let router = buildrs_example::server::router(Notes::default());
    tokio::spawn(async move { buildrs_example::server::axum::serve(listener, router).await });
    let client = Client::builder()
        .base_url(format!("http://{address}/api"))
        .build()
        .unwrap();

    for (text, day) in [("old", "01"), ("new", "02")] {
        let note = NewNote {
            text: text.into(),
            written: Stamp(format!("2026-12-{day}T10:00:00Z")),
            price: Some(Money {
                cents: 250,
                currency: "EUR".into(),
            }),
        };
        let stored = client.add_note(&AddNoteParams::new(note)).await.unwrap();
        assert_eq!(stored.text, text);
        assert_eq!(stored.price.unwrap().cents, 250);
    }
    let params = ListNotesParams {
        since: Some(Stamp("2026-12-02T00:00:00Z".into())),
    };
    let recent = client.list_notes(&params).await.unwrap();
    let texts: Vec<&str> = recent.iter().map(|note| note.text.as_str()).collect();
    assert_eq!(texts, ["new"]);
}
