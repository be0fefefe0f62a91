/* proxy: fetches the URL in its env's UPSTREAM_URL (read once, in init) with
 * the input appended, and replies the upstream's body in upper case with
 * the upstream's status. Deploy it with host_functions=config_get,http_fetch
 * and allowed_hosts naming the upstream's host, then set UPSTREAM_URL with
 * PUT /v1/functions/proxy/env. */
#include <ember/guest.h>

static char upstream[1024];
static int64_t upstream_len;
static uint8_t response[256 * 1024];

void ember_init(void) {
    upstream_len = ember_config_get("UPSTREAM_URL", upstream, sizeof upstream - 1);
}

EMBER_DEFAULT_HANDLER(proxy) {
    if (upstream_len < 0 || (size_t)upstream_len >= sizeof upstream - 1) {
        ember_set_status(500);
        ember_append_str("UPSTREAM_URL is not set (PUT /v1/functions/NAME/env)\n");
        return;
    }
    static char url[2048];
    size_t at = 0;
    for (int64_t i = 0; i < upstream_len; ++i)
        url[at++] = upstream[i];
    for (size_t i = 0; i < len && at < sizeof url - 1; ++i)
        url[at++] = (char)input[i];
    url[at] = 0;

    const int64_t n =
        ember_http_fetch("GET", url, "Accept: text/plain\r\n", 0, 0, response, sizeof response);
    struct ember_http_reply reply;
    if (n < 0 || ember_http_reply_of(response, n, sizeof response, &reply) != 0) {
        ember_set_status(502);
        ember_printf("the upstream fetch failed (host error %lld)\n", (long long)n);
        return;
    }
    uint8_t* body = (uint8_t*)reply.body;
    for (size_t i = 0; i < reply.body_len; ++i) {
        if (body[i] >= 'a' && body[i] <= 'z') body[i] = (uint8_t)(body[i] - 32);
    }
    ember_set_status(reply.status);
    ember_reply_bytes(body, reply.body_len);
}
