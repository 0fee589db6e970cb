//! The runtime's client against its server on loopback, with operations written by hand the
//! way the generator writes them: every place a parameter goes, bodies, answers by status,
//! typed failures, security requirements, and cPanel's envelope.

use std::sync::Arc;

use openapi_runtime::__private::Decoder;
use openapi_runtime::client::{self, Credential, Error};
use openapi_runtime::operation::{
    ApiInfo, BodyInfo, BodyMedia, OperationInfo, Param, ResponseInfo, Scheme,
};
use openapi_runtime::rules::Rule;
use openapi_runtime::server::{self, Authenticator, Presented};
use openapi_runtime::vocab::{Location, Media, Method, SchemeKind};
use openapi_runtime::{NoFailure, Operation, Secret, cpanel};
use serde::{Deserialize, Serialize};

static API: ApiInfo = ApiInfo {
    title: "Pets",
    servers: &[],
    schemes: &[
        Scheme {
            name: "bearer",
            kind: SchemeKind::Bearer,
        },
        Scheme {
            name: "key",
            kind: SchemeKind::ApiKey {
                location: Location::Header,
                name: "X-Api-Key",
            },
        },
    ],
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Pet {
    id: i64,
    name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct NewPet {
    name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Problem {
    code: i32,
    message: String,
}

const fn json(status: &'static str, success: bool) -> ResponseInfo {
    ResponseInfo {
        status,
        content_type: "application/json",
        media: Media::Json,
        success,
    }
}

// addPet: POST /pets, a JSON body, 201 or a typed default error; bearer or API key.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct AddPet {
    request_id: Option<String>,
    body: NewPet,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum AddPetError {
    #[serde(rename = "default")]
    Default { status: u16, body: Problem },
}

static NAME: &[Rule] = &[Rule::MaxLength(10)];

impl Operation for AddPet {
    type Output = Pet;
    type Failure = AddPetError;
    const INFO: &'static OperationInfo = &OperationInfo {
        id: "addPet",
        method: Method::Post,
        path: "/pets",
        params: &[Param::header("X-Request-Id")
            .field("request_id")
            .rules(NAME)],
        body: Some(BodyInfo {
            required: true,
            media: &[BodyMedia {
                content_type: "application/json",
                media: Media::Json,
            }],
        }),
        responses: &[json("201", true), json("default", false)],
        security: &[&["bearer"], &["key"]],
        ..OperationInfo::DEFAULT
    };

    fn decode(input: &mut Decoder<'_>) -> Option<Self> {
        let body = input.body();
        Some(Self {
            request_id: input.optional("request_id"),
            body: body?,
        })
    }
}

// findPets: GET /pets/{kind}, a query array, public.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct FindPets {
    kind: String,
    tags: Option<Vec<String>>,
    limit: Option<i32>,
}

impl Operation for FindPets {
    type Output = Vec<Pet>;
    type Failure = NoFailure;
    const INFO: &'static OperationInfo = &OperationInfo {
        id: "findPets",
        method: Method::Get,
        path: "/pets/{kind}",
        params: &[
            Param::path("kind"),
            Param::query("tags").list(),
            Param::query("limit").rules(&[Rule::Minimum(1.0)]),
        ],
        responses: &[json("200", true)],
        ..OperationInfo::DEFAULT
    };

    fn decode(input: &mut Decoder<'_>) -> Option<Self> {
        let kind = input.required("kind");
        Some(Self {
            tags: input.optional("tags"),
            limit: input.optional("limit"),
            kind: kind?,
        })
    }
}

// deletePet: DELETE /pets/{id}, 204, or 404 with a typed body; bearer.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct DeletePet {
    id: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum DeletePetError {
    #[serde(rename = "404")]
    NotFound(Problem),
}

impl Operation for DeletePet {
    type Output = ();
    type Failure = DeletePetError;
    const INFO: &'static OperationInfo = &OperationInfo {
        id: "deletePet",
        method: Method::Delete,
        path: "/pets/{id}",
        params: &[Param::path("id")],
        responses: &[
            ResponseInfo {
                status: "204",
                content_type: "",
                media: Media::Empty,
                success: true,
            },
            json("404", false),
        ],
        security: &[&["bearer"]],
        ..OperationInfo::DEFAULT
    };

    fn decode(input: &mut Decoder<'_>) -> Option<Self> {
        Some(Self {
            id: input.required("id")?,
        })
    }
}

// session: a cPanel-style function answered in WHM's envelope.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct Session {
    user: String,
    token: Option<Secret>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct SessionData {
    url: Secret,
}

impl Operation for Session {
    type Output = SessionData;
    type Failure = cpanel::Failure;
    const INFO: &'static OperationInfo = &OperationInfo {
        id: "create_session",
        path: "/json-api/create_session",
        params: &[
            Param::query("user").required(),
            Param::query("token").sensitive(),
        ],
        responses: &[json("200", true)],
        security: &[&["bearer"]],
        fixed_query: &[("api.version", "1")],
        ..cpanel::WHM_FUNCTION
    };

    fn decode(input: &mut Decoder<'_>) -> Option<Self> {
        let user = input.required("user");
        Some(Self {
            token: input.optional("token"),
            user: user?,
        })
    }
}

/// The application: a fixed set of pets.
struct Pets;

/// Admits the bearer token `good` as `alice` and the API key `key` as `bob`.
struct Tokens;

impl Authenticator for Tokens {
    type Caller = String;

    async fn authenticate<'a>(
        &'a self,
        scheme: &'static str,
        presented: Presented<'a>,
    ) -> Option<String> {
        match (scheme, presented) {
            ("bearer", Presented::Bearer("good")) => Some("alice".into()),
            ("key", Presented::ApiKey("key")) => Some("bob".into()),
            _ => None,
        }
    }
}

async fn serve() -> String {
    let router = server::Router::new(&API, Pets, Tokens)
        .secured::<AddPet, _, _>(|_api: Arc<Pets>, caller, params: AddPet| async move {
            if params.body.name == "error" {
                return Err(AddPetError::Default {
                    status: 503,
                    body: Problem {
                        code: 7,
                        message: format!("refused for {caller}"),
                    },
                });
            }
            Ok(Pet {
                id: 1,
                name: format!("{} by {caller}", params.body.name),
            })
        })
        .public::<FindPets, _, _>(|_api, params: FindPets| async move {
            let tags = params.tags.unwrap_or_default();
            Ok::<_, NoFailure>(
                tags.iter()
                    .enumerate()
                    .map(|(i, tag)| Pet {
                        id: i as i64,
                        name: format!("{}:{tag}", params.kind),
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .secured::<DeletePet, _, _>(|_api, _caller, params: DeletePet| async move {
            if params.id == 404 {
                return Err(DeletePetError::NotFound(Problem {
                    code: 404,
                    message: "no such pet".into(),
                }));
            }
            Ok(())
        })
        .secured::<Session, _, _>(|_api, _caller, params: Session| async move {
            if params.user == "nobody" {
                return Err(cpanel::Failure::new("The user “nobody” does not exist."));
            }
            Ok(cpanel::Success::new(SessionData {
                url: format!("https://x/{}", params.user).into(),
            })
            .with_reason("Created session"))
        })
        .into_axum();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

fn client(base: &str, credential: Option<Credential>) -> client::Client {
    let builder = client::Builder::<client::Client>::new(&API).base_url(base);
    match credential {
        Some(credential) => builder.auth(credential).build().unwrap(),
        None => builder.build().unwrap(),
    }
}

#[tokio::test]
async fn bodies_paths_queries_and_statuses_round_trip() {
    let base = serve().await;
    let alice = client(&base, Some(Credential::bearer("good")));
    let pet = alice
        .send(&AddPet {
            request_id: Some("r1".into()),
            body: NewPet { name: "Rex".into() },
        })
        .await
        .unwrap();
    assert_eq!(pet.status(), 201);
    assert_eq!(pet.value().name, "Rex by alice");

    let found = alice
        .call(&FindPets {
            kind: "big dogs/cats".into(),
            tags: Some(vec!["a".into(), "b c".into()]),
            limit: Some(5),
        })
        .await
        .unwrap();
    let names: Vec<&str> = found.iter().map(|pet| pet.name.as_str()).collect();
    assert_eq!(names, ["big dogs/cats:a", "big dogs/cats:b c"]);

    alice.call(&DeletePet { id: 1 }).await.unwrap();
}

#[tokio::test]
async fn declared_failures_are_typed_with_their_status() {
    let base = serve().await;
    let alice = client(&base, Some(Credential::bearer("good")));
    match alice.call(&DeletePet { id: 404 }).await {
        Err(Error::Api {
            status: 404,
            body: DeletePetError::NotFound(problem),
            ..
        }) => assert_eq!(problem.message, "no such pet"),
        other => panic!("{other:?}"),
    }
    let added = alice
        .call(&AddPet {
            request_id: None,
            body: NewPet {
                name: "error".into(),
            },
        })
        .await;
    match added {
        Err(Error::Api {
            status: 503,
            body: AddPetError::Default { status: 503, body },
            ..
        }) => assert_eq!(body.message, "refused for alice"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn security_requirements_are_met_or_refused() {
    let base = serve().await;
    // The API key is the other alternative of addPet.
    let bob = client(&base, Some(Credential::api_key("key")));
    let pet = bob
        .call(&AddPet {
            request_id: None,
            body: NewPet { name: "Tom".into() },
        })
        .await
        .unwrap();
    assert_eq!(pet.name, "Tom by bob");
    // deletePet takes only the bearer token: the client says so before sending.
    let error = bob.call(&DeletePet { id: 1 }).await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("`deletePet` needs credentials for `bearer`"),
        "{error}"
    );
    // A wrong token is refused with 401, and the error does not show it.
    let wrong = client(&base, Some(Credential::bearer("wrong-secret")));
    let error = wrong.call(&DeletePet { id: 1 }).await.unwrap_err();
    assert_eq!(error.status(), Some(401), "{error}");
    assert!(!format!("{error} {error:?}").contains("wrong-secret"));
    // findPets is public.
    let anyone = client(&base, None);
    anyone
        .call(&FindPets {
            kind: "x".into(),
            tags: None,
            limit: None,
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn the_server_refuses_bad_requests_by_parameter_and_media_type() {
    let base = serve().await;
    let http = reqwest::Client::new();
    let response = http
        .get(format!("{base}/pets/x?limit=0&limit=2&tags=a"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.text().await.unwrap(),
        "parameter `limit` is given more than once"
    );
    let response = http
        .post(format!("{base}/pets"))
        .bearer_auth("good")
        .header("content-type", "text/xml")
        .body("<pet/>")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
    let response = http
        .post(format!("{base}/pets"))
        .bearer_auth("good")
        .header("content-type", "application/json")
        .body("{\"name\": 3}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let text = response.text().await.unwrap();
    assert!(
        text.contains("parameter `body`") && text.contains("at `name`"),
        "{text}"
    );
    let response = http.post(format!("{base}/pets")).send().await.unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
}

#[tokio::test]
async fn cpanel_envelopes_carry_success_and_failure_with_http_200() {
    let base = serve().await;
    let alice = client(&base, Some(Credential::bearer("good")));
    let session = alice
        .send(&Session {
            user: "bob".into(),
            token: Some("t0k3n".into()),
        })
        .await
        .unwrap();
    assert_eq!(session.value().url.as_str(), "https://x/bob");
    assert_eq!(
        session.envelope().unwrap()["metadata"]["reason"],
        "Created session"
    );
    match alice
        .call(&Session {
            user: "nobody".into(),
            token: None,
        })
        .await
    {
        Err(Error::Api {
            status: 200,
            body: failure,
            ..
        }) => {
            assert_eq!(failure.reason, "The user “nobody” does not exist.");
            assert_eq!(failure.command.as_deref(), Some("create_session"));
        }
        other => panic!("{other:?}"),
    }
    // A bad request is the envelope's failure too, and names the parameter.
    let raw = reqwest::Client::new()
        .get(format!("{base}/json-api/create_session?api.version=1"))
        .bearer_auth("good")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    let body: serde_json::Value = raw.json().await.unwrap();
    assert_eq!(body["metadata"]["result"], 0);
    assert_eq!(
        body["metadata"]["reason"],
        "parameter `user` is required but missing"
    );
}

/// Records the method and URL length of each request it passes on.
#[derive(Clone, Default)]
struct Recorder(Arc<std::sync::Mutex<Vec<(String, usize)>>>);

impl client::Middleware for Recorder {
    fn handle<'a>(
        &'a self,
        request: reqwest::Request,
        _operation: &'static OperationInfo,
        next: client::Next<'a>,
    ) -> client::BoxFuture<'a, Result<reqwest::Response, client::MiddlewareError>> {
        let seen = (request.method().to_string(), request.url().as_str().len());
        self.0.lock().unwrap().push(seen);
        next.run(request)
    }
}

#[tokio::test]
async fn a_get_too_long_for_a_url_goes_as_a_posted_form_where_the_server_takes_one() {
    let base = serve().await;
    let recorder = Recorder::default();
    let alice = client::Builder::<client::Client>::new(&API)
        .base_url(&base)
        .auth(Credential::bearer("good"))
        .middleware(recorder.clone())
        .build()
        .unwrap();
    let short = "bob".to_owned();
    // Percent-encoding triples each `é`, so the URL would be far past the limit.
    let long = "é".repeat(client::LONGEST_URL);
    for user in [&short, &long] {
        let session = alice
            .call(&Session {
                user: user.clone(),
                token: Some("t0k3n".into()),
            })
            .await
            .unwrap();
        assert_eq!(session.url.as_str(), format!("https://x/{user}"));
    }
    // A GET of an ordinary API keeps its query in the URL however long: the server may not
    // take a form.
    let tag = "t".repeat(client::LONGEST_URL);
    let found = alice
        .call(&FindPets {
            kind: "k".into(),
            tags: Some(vec![tag]),
            limit: None,
        })
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    let seen = recorder.0.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert_eq!(seen[0].0, "GET");
    assert!(seen[0].1 < 200, "{seen:?}");
    assert_eq!(seen[1].0, "POST");
    assert!(seen[1].1 < 200, "the query left the URL: {seen:?}");
    assert_eq!(seen[2].0, "GET");
    assert!(seen[2].1 > client::LONGEST_URL, "{seen:?}");
}
