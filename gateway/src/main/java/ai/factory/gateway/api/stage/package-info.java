/**
 * One class per stage of the request path, each taking the record the stage before made and making the next.
 * Request path: auth → parse → resolve → admit → route → relay → settle, and Fail for any of them.
 */
package ai.factory.gateway.api.stage;
