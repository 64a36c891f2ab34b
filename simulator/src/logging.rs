//! Request logs: one JSON line per answer through `tracing` and tower-http's trace layer, with
//! the method, path, query, status, time taken and the token by position (`#1`), never by
//! value.

use crate::limits::{grant_of, TokenGrant};
use axum::http::{Request, Response};
use std::{sync::Arc, time::Duration};
use tower_http::{
    classify::{ServerErrorsAsFailures, SharedClassifier},
    trace::{MakeSpan, OnResponse, TraceLayer},
};
use tracing::{field::display, Level, Span};
use tracing_subscriber::fmt::MakeWriter;

/// The span of one request: what was asked and by which token.
#[derive(Clone, Debug)]
pub struct RequestSpan {
    tokens: Arc<[TokenGrant]>,
}

impl<B> MakeSpan<B> for RequestSpan {
    fn make_span(&mut self, req: &Request<B>) -> Span {
        let token = grant_of(&self.tokens, req.headers()).map(|(label, _)| display(label));
        tracing::info_span!(
            "request",
            method = %req.method(),
            path = req.uri().path(),
            query = req.uri().query(),
            token,
        )
    }
}

/// The one event per request: its status and time taken.
#[derive(Clone, Copy, Debug)]
pub struct Answered;

impl<B> OnResponse<B> for Answered {
    fn on_response(self, res: &Response<B>, latency: Duration, _: &Span) {
        tracing::info!(
            status = res.status().as_u16(),
            ms = latency.as_secs_f64() * 1000.0,
            "answered"
        );
    }
}

pub type Trace =
    TraceLayer<SharedClassifier<ServerErrorsAsFailures>, RequestSpan, (), Answered, (), (), ()>;

/// The layer that logs every request the router answers.
pub fn trace(tokens: &[TokenGrant]) -> Trace {
    TraceLayer::new_for_http()
        .make_span_with(RequestSpan {
            tokens: tokens.into(),
        })
        .on_request(())
        .on_response(Answered)
        .on_body_chunk(())
        .on_eos(())
        .on_failure(())
}

/// A subscriber writing those events as JSON lines, the request's span flattened beside them.
pub fn json_lines<W>(writer: W) -> impl tracing::Subscriber + Send + Sync
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(true)
        .with_span_list(false)
        .with_target(false)
        .with_max_level(Level::INFO)
        .with_writer(writer)
        .finish()
}
