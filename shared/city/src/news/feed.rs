//! (placeholder until the parser lands)
use crate::{ArticleDraft, ParseError, Parsed, Source};
pub fn parse(
    _source: &Source,
    _body: &[u8],
    _content_type: Option<&str>,
    _page_url: &str,
) -> Result<Parsed<ArticleDraft>, ParseError> {
    Err(ParseError::Config("not yet".into()))
}
