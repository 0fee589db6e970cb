use super::*;
use crate::body::match_media;
use crate::operation::BodyMedia;
use crate::operation::{OperationInfo, ResponseInfo};
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Pet {
    name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Problem {
    message: String,
}

/// Several success responses: an enum by status, as the generator writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum AddPetResponse {
    #[serde(rename = "200")]
    Ok(Pet),
    #[serde(rename = "202")]
    Accepted(String),
    #[serde(rename = "204")]
    NoContent,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum AddPetError {
    #[serde(rename = "404")]
    NotFound(Problem),
    #[serde(rename = "default")]
    Default { status: u16, body: Problem },
}

const fn response(status: &'static str, media: Media, success: bool) -> ResponseInfo {
    ResponseInfo {
        status,
        content_type: match media {
            Media::Json => "application/json",
            Media::Text => "text/plain",
            _ => "",
        },
        media,
        success,
    }
}

static INFO: OperationInfo = OperationInfo {
    id: "addPet",
    responses: &[
        response("200", Media::Json, true),
        response("202", Media::Text, true),
        response("204", Media::Empty, true),
        response("404", Media::Json, false),
        response("default", Media::Json, false),
    ],
    output_by_status: true,
    ..OperationInfo::DEFAULT
};

fn round_trip_success(value: AddPetResponse) -> (u16, AddPetResponse) {
    let reply = SuccessBody::reply(value, &INFO).unwrap();
    let bytes = reply.body.map(|b| b.bytes).unwrap_or_default();
    match decode::<AddPetResponse, AddPetError>(&INFO, reply.status, &bytes).unwrap() {
        Decoded::Success(value, None) => (reply.status, value),
        _ => panic!("a success"),
    }
}

#[test]
fn successes_travel_by_status() {
    let pet = AddPetResponse::Ok(Pet { name: "Rex".into() });
    assert_eq!(round_trip_success(pet.clone()), (200, pet));
    let text = AddPetResponse::Accepted("queued".into());
    assert_eq!(round_trip_success(text.clone()), (202, text));
    assert_eq!(
        round_trip_success(AddPetResponse::NoContent),
        (204, AddPetResponse::NoContent)
    );
}

#[test]
fn failures_travel_by_status_and_default_keeps_its_status() {
    let failure = AddPetError::Default {
        status: 503,
        body: Problem {
            message: "busy".into(),
        },
    };
    let reply = FailureBody::reply(failure.clone(), &INFO).unwrap();
    assert_eq!(reply.status, 503);
    let bytes = reply.body.unwrap().bytes;
    match decode::<AddPetResponse, AddPetError>(&INFO, 503, &bytes).unwrap() {
        Decoded::Failure(read) => assert_eq!(read, failure),
        Decoded::Success(..) => panic!("a failure"),
    }
    let missing = AddPetError::NotFound(Problem {
        message: "no".into(),
    });
    assert_eq!(FailureBody::reply(missing, &INFO).unwrap().status, 404);
}

#[test]
fn a_body_that_does_not_fit_names_its_path() {
    let error = decode::<AddPetResponse, AddPetError>(&INFO, 200, br#"{"name": 1}"#)
        .err()
        .unwrap();
    assert!(
        matches!(&error, DecodeError::Schema { path, .. } if path == "name"),
        "{error:?}"
    );
    let error = decode::<AddPetResponse, AddPetError>(&INFO, 200, b"<html>")
        .err()
        .unwrap();
    assert!(matches!(error, DecodeError::NotJson(_)), "{error:?}");
}

#[test]
fn one_success_type_uses_the_declared_status() {
    static CREATE: OperationInfo = OperationInfo {
        responses: &[response("201", Media::Json, true)],
        ..OperationInfo::DEFAULT
    };
    let reply = SuccessBody::reply(Pet { name: "Rex".into() }, &CREATE).unwrap();
    assert_eq!(reply.status, 201);
    assert!(matches!(
        decode::<Pet, NoFailure>(&CREATE, 404, b""),
        Err(DecodeError::Undeclared)
    ));
}

#[test]
fn media_types_match_by_essence_and_wildcard() {
    let accepted = [
        BodyMedia {
            content_type: "application/json",
            media: Media::Json,
        },
        BodyMedia {
            content_type: "image/*",
            media: Media::Binary,
        },
    ];
    assert_eq!(
        match_media(&accepted, "Application/JSON; charset=utf-8"),
        Some(Media::Json)
    );
    assert_eq!(match_media(&accepted, "image/png"), Some(Media::Binary));
    assert_eq!(match_media(&accepted, "text/plain"), None);
}
