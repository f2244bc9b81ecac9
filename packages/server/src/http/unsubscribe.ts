import express, { type Request, type Response } from 'express';
import { isAssentError, isOneClickBody, ONE_CLICK_BODY } from '@assent/core';
import type { UseCases } from '../use-cases/index.ts';
import { UNSUBSCRIBE_PATH } from '../use-cases/issue-unsubscribe-link.ts';

// RFC 8058 one-click unsubscribe: GET shows a confirmation page and changes nothing (mail scanners
// open links); POST with List-Unsubscribe=One-Click (sent by mail providers as multipart/form-data or urlencoded,
// and by the page's button) withdraws. A plain HTML form, no script: it works without JavaScript and in any mail client's browser.

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** No script at all; the one inline style block; the form posts back here only. */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function page(res: Response, status: number, title: string, body: string): void {
  res.status(status);
  res.setHeader('content-security-policy', CSP);
  // The token is in the URL: keep it out of Referer headers, caches and search engines.
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-robots-tag', 'noindex');
  res.type('html').send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
  body { font: 1.125rem/1.5 system-ui, sans-serif; max-width: 34rem; margin: 3rem auto; padding: 0 1rem; color: #1a1a1a; }
  button { font: inherit; padding: 0.6rem 1.4rem; border: 2px solid #1a1a1a; border-radius: 0.4rem; background: #1a1a1a; color: #fff; cursor: pointer; }
  button:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
</style>
</head>
<body>
<main>
<h1>${escape(title)}</h1>
${body}
</main>
</body>
</html>
`);
}

const notValid = (res: Response) =>
  page(
    res,
    404,
    'This link does not work',
    '<p>This unsubscribe link is not valid. Use the link in the email exactly as it was sent.</p>',
  );

/** The most a one-click POST body may hold: the pair itself is 26 bytes, a multipart envelope a few hundred. */
const FORM_LIMIT_BYTES = 4096;
const rawBody = express.raw({ type: () => true, limit: FORM_LIMIT_BYTES });

/**
 * Reads a POST's form into res.locals.form (field → first value). RFC 8058 says a provider SHOULD send
 * multipart/form-data and MAY send application/x-www-form-urlencoded (what the page's own form sends); both are parsed
 * by the WHATWG Response of Node (undici), and a body with no media type is read as urlencoded. A body of any other
 * type, a malformed one or one over FORM_LIMIT_BYTES gets a page saying nothing changed, before the link is looked at.
 */
function readForm(req: Request, res: Response, next: (err?: unknown) => void): void {
  rawBody(req, res, (err?: unknown) => {
    if (err) {
      const tooLarge = (err as { type?: string }).type === 'entity.too.large';
      return nothingChanged(res, tooLarge ? 413 : 400);
    }
    const type = req.headers['content-type'] ?? 'application/x-www-form-urlencoded';
    if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)\s*(;|$)/i.test(type))
      return nothingChanged(res, 400);
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    new globalThis.Response(body, { headers: { 'content-type': type } })
      .formData()
      .then((form) => {
        const fields: Record<string, string> = {};
        for (const [name, value] of form) if (typeof value === 'string' && !(name in fields)) fields[name] = value;
        res.locals.form = fields;
        next();
      })
      .catch(() => nothingChanged(res, 400));
  });
}

const nothingChanged = (res: Response, status: number) =>
  page(
    res,
    status,
    'Nothing was changed',
    '<p>To unsubscribe, open the link from the email and press the Unsubscribe button.</p>',
  );

/** Serves GET and POST /unsubscribe/<token> (before the web apps' catch-all, which would answer GET with the privacy center). */
export function serveUnsubscribe(app: express.Express, service: UseCases, onError: (err: unknown) => void): void {
  const route = `${UNSUBSCRIBE_PATH}:token`;
  const handle = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response) => {
    fn(req, res).catch((err: unknown) => {
      if (isAssentError(err) && err.code === 'NOT_FOUND') return notValid(res);
      if (isAssentError(err) && err.code === 'CONFLICT')
        return page(res, 409, 'Please try again', `<p>${escape(err.userMessage)}</p>`);
      onError(err);
      page(
        res,
        500,
        'Something went wrong',
        '<p>We could not unsubscribe you just now. Please try again in a few minutes.</p>',
      );
    });
  };

  app.get(
    route,
    handle(async (req, res) => {
      const { purpose } = await service.unsubscribeLinkState({ token: String(req.params.token) });
      const name = escape(purpose.title);
      page(
        res,
        200,
        `Unsubscribe from ${purpose.title}?`,
        `<p>You get these emails because you agreed to: <strong>${name}</strong>.</p>
<p>Press the button to stop them. Nothing changes until you do.</p>
<form method="post">
<input type="hidden" name="${ONE_CLICK_BODY.name}" value="${ONE_CLICK_BODY.value}">
<button type="submit">Unsubscribe</button>
</form>`,
      );
    }),
  );

  app.post(
    route,
    readForm,
    handle(async (req, res) => {
      if (!isOneClickBody(res.locals.form as Record<string, string> | undefined)) {
        // Not the RFC 8058 body: change nothing, and check the link before saying anything else about it.
        await service.unsubscribeLinkState({ token: String(req.params.token) });
        return nothingChanged(res, 400);
      }
      const { purpose } = await service.unsubscribeByLink({ token: String(req.params.token) });
      page(
        res,
        200,
        'You are unsubscribed',
        `<p>You will get no more emails about <strong>${escape(purpose.title)}</strong>.</p>
<p>You can change your mind at any time in the privacy center.</p>`,
      );
    }),
  );
}
