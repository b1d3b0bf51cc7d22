/**
 * Everything a finding says to the user: the short message, then the detail
 * (explanation and remedy) that the hover, JSON and `--verbose` add. Rule
 * tests that check the explanation read this; messages.test.ts checks that
 * the message alone stays short.
 */
export function said(f: { readonly message: string; readonly detail?: string }): string {
  return f.detail ? `${f.message}\n${f.detail}` : f.message;
}
