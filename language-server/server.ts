// The language server entry point. The server itself arrives with the language-server issue.
export const LANGUAGE_SERVER_PLACEHOLDER = true
