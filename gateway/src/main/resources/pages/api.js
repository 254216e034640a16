// Calls the gateway with a credential in the Authorization header: never a cookie (so no CSRF),
// never in a URL. A refusal becomes an ApiError carrying the API's own message.
export class ApiError extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }

  static async from(response) {
    let message = response.status + ' ' + response.statusText;
    let code = null;
    try {
      const error = (await response.json()).error;
      message = error.message || message;
      code = error.code || null;
    } catch (ignored) { /* not an OpenAI error body */ }
    return new ApiError(response.status, message, code);
  }
}

/** A caller bound to a credential source: call(method, path, body?, accept?) resolves to the Response. */
export function client(credential) {
  return async function call(method, path, body, accept) {
    const headers = { authorization: 'Bearer ' + credential(), accept: accept || 'application/json' };
    if (body !== undefined) { headers['content-type'] = 'application/json'; }
    const response = await fetch(path, {
      method, headers, credentials: 'omit', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) { throw await ApiError.from(response); }
    return response;
  };
}
