/**
 * What the owner's Xero app must list as redirect URIs: Settle's loopback listener tries these
 * ports in turn (settle-xero's REDIRECT_PORTS and REDIRECT_PATH; keep them in step).
 */
export const XERO_REDIRECT_PORTS = [8749, 9587, 17849, 23817] as const;

export const XERO_REDIRECT_URIS: readonly string[] = XERO_REDIRECT_PORTS.map(
  (port) => `http://localhost:${port}/callback`,
);
