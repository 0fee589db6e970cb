//! Server-sent events (`text/event-stream`, feature `stream`): the format as the WHATWG HTML
//! standard defines it ("Server-sent events", section "Parsing an event stream"), read by
//! [`Parser`] and written by [`Event::to_wire`].
//!
//! The rules kept: lines end in CR, LF or CRLF; one leading byte-order mark is skipped; a line
//! starting with `:` is a comment; a field is `name: value` (one space after the colon
//! dropped), or a bare `name` with an empty value; `data` lines join with LF; `id` persists
//! until the next `id` and is ignored if it holds NUL; `retry` counts only if all digits; an
//! empty line ends an event, and an event without data is not dispatched; an event cut off by
//! the end of the stream is dropped.

use std::time::Duration;

/// One event of a stream; `T` is the type its `data` is read as (`String` for the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<T = String> {
    /// The event's type: the `event` field, `message` when none is given.
    pub event: String,
    /// The data: the `data` lines joined by line feeds, read as a `T`.
    pub data: T,
    /// The last event id the stream gave (ids persist from one event to the next), which a
    /// client sends back as `Last-Event-ID` to resume after this event.
    pub id: Option<String>,
    /// The reconnection time the stream asked for since the previous event, if it did.
    pub retry: Option<Duration>,
}

impl Event {
    /// A `message` event whose data is `data`.
    pub fn new(data: impl Into<String>) -> Self {
        Event {
            event: "message".to_owned(),
            data: data.into(),
            id: None,
            retry: None,
        }
    }

    /// A `message` event whose data is `value` as JSON.
    pub fn json<V: serde::Serialize + ?Sized>(value: &V) -> Result<Self, serde_json::Error> {
        Ok(Self::new(serde_json::to_string(value)?))
    }

    /// This event with the type `event`.
    pub fn event(mut self, event: impl Into<String>) -> Self {
        self.event = event.into();
        self
    }

    /// This event with the id `id`.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// This event asking clients to wait `retry` before reconnecting.
    pub fn retry(mut self, retry: Duration) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The event as the stream carries it, ending in the empty line that dispatches it. Line
    /// breaks in the data become separate `data` lines; in the type or id, which cannot hold
    /// them, they become spaces (as does NUL in an id, which would void it).
    pub fn to_wire(&self) -> String {
        let single_line = |text: &str| text.replace(['\r', '\n', '\0'], " ");
        let mut wire = String::with_capacity(self.data.len() + 16);
        if self.event != "message" {
            wire.push_str("event: ");
            wire.push_str(&single_line(&self.event));
            wire.push('\n');
        }
        if let Some(id) = &self.id {
            wire.push_str("id: ");
            wire.push_str(&single_line(id));
            wire.push('\n');
        }
        if let Some(retry) = self.retry {
            wire.push_str(&format!("retry: {}\n", retry.as_millis()));
        }
        for line in self
            .data
            .split("\r\n")
            .flat_map(|line| line.split(['\r', '\n']))
        {
            wire.push_str("data: ");
            wire.push_str(line);
            wire.push('\n');
        }
        wire.push('\n');
        wire
    }
}

/// The most bytes of one event (its unfinished line and data) a [`Parser`] holds unless
/// [`Parser::with_limit`] sets another: a stream that sends more without ending the event is
/// refused rather than allowed to fill the memory.
pub const MAX_EVENT_BYTES: usize = 16 * 1024 * 1024;

/// An event longer than the parser's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge {
    /// The limit, in bytes.
    pub limit: usize,
}

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "an event is longer than {} bytes", self.limit)
    }
}

impl std::error::Error for TooLarge {}

/// Reads events from the bytes of a stream as they arrive, in chunks of any size.
#[derive(Debug)]
pub struct Parser {
    /// Bytes of a line not yet ended.
    line: Vec<u8>,
    /// Whether the last byte seen was a CR, so that an LF right after it ends no line.
    after_cr: bool,
    /// Whether the start of the stream (and a byte-order mark there) is behind.
    started: bool,
    event: String,
    data: String,
    has_data: bool,
    last_id: Option<String>,
    retry: Option<Duration>,
    /// The reconnection time last asked for, kept for the stream's life.
    reconnect: Option<Duration>,
    limit: usize,
}

impl Default for Parser {
    fn default() -> Self {
        Parser {
            line: Vec::new(),
            after_cr: false,
            started: false,
            event: String::new(),
            data: String::new(),
            has_data: false,
            last_id: None,
            retry: None,
            reconnect: None,
            limit: MAX_EVENT_BYTES,
        }
    }
}

/// The byte-order mark in UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Parser {
    /// A parser at the start of a stream.
    pub fn new() -> Self {
        Self::default()
    }

    /// A parser that holds at most `limit` bytes of one event.
    pub fn with_limit(limit: usize) -> Self {
        Parser {
            limit,
            ..Self::default()
        }
    }

    /// The last event id seen: what to send as `Last-Event-ID` to resume.
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_id.as_deref()
    }

    /// The reconnection time the stream last asked for.
    pub fn reconnection_time(&self) -> Option<Duration> {
        self.reconnect
    }

    /// Reads `chunk`, adding each event it completes to `events`; an error once the event
    /// being read passes the limit (the events before it are added).
    pub fn feed(&mut self, chunk: &[u8], events: &mut Vec<Event>) -> Result<(), TooLarge> {
        self.read(chunk, events);
        match self.line.len() + self.data.len() + self.event.len() > self.limit {
            true => Err(TooLarge { limit: self.limit }),
            false => Ok(()),
        }
    }

    fn read(&mut self, mut chunk: &[u8], events: &mut Vec<Event>) {
        if !self.started {
            // The mark may arrive split over chunks: wait for enough bytes to tell.
            let seen = self.line.len() + chunk.len();
            if seen < BOM.len() && BOM.starts_with(&[&self.line[..], chunk].concat()) {
                self.line.extend_from_slice(chunk);
                return;
            }
            self.started = true;
            let mut start = std::mem::take(&mut self.line);
            start.extend_from_slice(chunk);
            let start = start.strip_prefix(BOM).unwrap_or(&start).to_vec();
            return self.read(&start, events);
        }
        // An empty chunk says nothing of whether a CR was followed by LF.
        if chunk.is_empty() {
            return;
        }
        if self.after_cr && chunk.first() == Some(&b'\n') {
            chunk = &chunk[1..];
        }
        self.after_cr = false;
        while let Some(end) = chunk.iter().position(|&b| b == b'\r' || b == b'\n') {
            self.line.extend_from_slice(&chunk[..end]);
            let line = std::mem::take(&mut self.line);
            self.line_ended(&line, events);
            let crlf = chunk[end] == b'\r' && chunk.get(end + 1) == Some(&b'\n');
            if chunk[end] == b'\r' && end + 1 == chunk.len() {
                self.after_cr = true;
            }
            chunk = &chunk[end + if crlf { 2 } else { 1 }..];
        }
        self.line.extend_from_slice(chunk);
    }

    fn line_ended(&mut self, line: &[u8], events: &mut Vec<Event>) {
        let line = String::from_utf8_lossy(line);
        if line.is_empty() {
            return self.dispatch(events);
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (&*line, ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event),
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "id" if !value.contains('\0') => self.last_id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(millis) = value.parse() {
                    let retry = Duration::from_millis(millis);
                    self.retry = Some(retry);
                    self.reconnect = Some(retry);
                }
            }
            _ => {}
        }
    }

    fn dispatch(&mut self, events: &mut Vec<Event>) {
        let event = std::mem::take(&mut self.event);
        if !std::mem::take(&mut self.has_data) {
            return;
        }
        events.push(Event {
            event: if event.is_empty() {
                "message".to_owned()
            } else {
                event
            },
            data: std::mem::take(&mut self.data),
            id: self.last_id.clone(),
            retry: self.retry.take(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_in_chunks(text: &[u8], size: usize) -> Vec<Event> {
        let mut parser = Parser::new();
        let mut events = Vec::new();
        for chunk in text.chunks(size) {
            parser.feed(chunk, &mut events).unwrap();
        }
        events
    }

    /// Every way of cutting the stream into chunks gives the same events.
    fn parse(text: &[u8]) -> Vec<Event> {
        let whole = parse_in_chunks(text, text.len().max(1));
        for size in 1..text.len().min(8) {
            assert_eq!(parse_in_chunks(text, size), whole, "chunks of {size}");
        }
        whole
    }

    #[test]
    fn fields_comments_and_multiline_data() {
        let events = parse(
            b": a comment\nevent: add\ndata: {\"a\":\ndata:1}\nid: 7\nretry: 1500\n\ndata\n\n",
        );
        assert_eq!(
            events,
            [
                Event {
                    event: "add".into(),
                    data: "{\"a\":\n1}".into(),
                    id: Some("7".into()),
                    retry: Some(Duration::from_millis(1500)),
                },
                // A bare field name has an empty value; the id persists; the type does not.
                Event {
                    event: "message".into(),
                    data: String::new(),
                    id: Some("7".into()),
                    retry: None,
                },
            ]
        );
    }

    #[test]
    fn line_endings_and_the_byte_order_mark() {
        let expected = ["one", "two", "three"];
        for text in [
            &b"\xEF\xBB\xBFdata: one\r\n\r\ndata: two\r\rdata: three\n\n"[..],
            b"data: one\r\rdata: two\n\ndata: three\r\n\r\n",
        ] {
            let events = parse(text);
            let data: Vec<&str> = events.iter().map(|e| e.data.as_str()).collect();
            assert_eq!(data, expected, "{text:?}");
        }
        // A mark after the start is not skipped: the field is then unknown.
        assert!(parse(b"data: a\n\n\xEF\xBB\xBFdata: b\n\n").len() == 1);
    }

    #[test]
    fn an_empty_chunk_between_cr_and_lf_ends_one_line_not_two() {
        let mut parser = Parser::new();
        let mut events = Vec::new();
        for chunk in [&b"data: a\r"[..], b"", b"\ndata: b\n\n"] {
            parser.feed(chunk, &mut events).unwrap();
        }
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].data, "a\nb");
    }

    #[test]
    fn what_the_standard_ignores() {
        let mut parser = Parser::new();
        let mut events = Vec::new();
        parser
            .feed(
                b"id: 1\nretry: soon\nunknown: x\nid: a\0b\nevent: only-type\n\ndata: cut off",
                &mut events,
            )
            .unwrap();
        // No data: nothing dispatched; the id with NUL and the bad retry are ignored.
        assert!(events.is_empty());
        assert_eq!(parser.last_event_id(), Some("1"));
        assert_eq!(parser.reconnection_time(), None);
        // `data:x` keeps `x`; `data:  x` keeps one of the two spaces.
        parser
            .feed(b"\n\ndata:x\ndata:  y\n\n", &mut events)
            .unwrap();
        assert_eq!(events[0].data, "cut off");
        assert_eq!(events[0].event, "message");
        assert_eq!(events[1].data, "x\n y");
    }

    #[test]
    fn written_events_read_back_the_same() {
        let events = [
            Event::new("plain"),
            Event::new("two\nlines\r\nand\rthree")
                .event("update")
                .id("42")
                .retry(Duration::from_secs(3)),
            Event::new("").event("bad\ntype").id("x\0y"),
        ];
        let wire: String = events.iter().map(Event::to_wire).collect();
        let read = parse(wire.as_bytes());
        assert_eq!(read[0], Event::new("plain"));
        assert_eq!(read[1].data, "two\nlines\nand\nthree");
        assert_eq!(read[1].event, "update");
        assert_eq!(read[1].retry, Some(Duration::from_secs(3)));
        assert_eq!(read[2].event, "bad type");
        assert_eq!(read[2].id.as_deref(), Some("x y"));
        assert_eq!(read[2].data, "");
    }

    #[test]
    fn an_event_past_the_limit_is_refused() {
        let mut parser = Parser::with_limit(10);
        let mut events = Vec::new();
        assert_eq!(parser.feed(b"data: short\n\ndata: 12", &mut events), Ok(()));
        assert_eq!(events.len(), 1);
        // Over several lines of data as well as in one unfinished line.
        let error = parser.feed(b"34\ndata: 567890\n", &mut events).unwrap_err();
        assert_eq!(error.limit, 10);
        let mut parser = Parser::with_limit(10);
        assert!(parser.feed(&[b'x'; 11], &mut events).is_err());
    }
}
