import { Link } from 'react-router';
import { tokenize } from './text';

/** A post's text with its hashtags, mentions and web links made clickable, safely. */
export function PostText({ text }: { text: string }) {
  return (
    <p style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere', margin: 0 }}>
      {tokenize(text).map((token, i) => {
        switch (token.kind) {
          case 'hashtag':
            return (
              <Link key={i} to={`/hashtags/${encodeURIComponent(token.tag.toLowerCase())}`}>
                {token.value}
              </Link>
            );
          case 'mention':
            return (
              <Link key={i} to={`/profile/${token.username}`}>
                {token.value}
              </Link>
            );
          case 'link':
            return (
              <a key={i} href={token.href} rel="noopener noreferrer nofollow ugc" target="_blank">
                {token.value}
              </a>
            );
          default:
            return <span key={i}>{token.value}</span>;
        }
      })}
    </p>
  );
}
