#!/usr/bin/env python3
"""Writes corpus.yaml: fake but format-correct tokens (seeded random, never real ones) in the
lines a log would carry them, with what the redactor must make of each, plus look-alikes that
must stay. Run from this directory: python3 fake_tokens.py > corpus.yaml"""
import json
import random, string, base64
r = random.Random(20261207)
A = string.ascii_letters + string.digits
H = "0123456789abcdef"
def s(n, al=A): return "".join(r.choice(al) for _ in range(n))
U = string.ascii_uppercase + string.digits
t = {}
t["aws.access-key-id"] = "AKIA" + s(16, U)
t["aws.secret"] = s(40, A + "/+")
t["github.classic"] = "ghp_" + s(36)
t["github.oauth"] = "gho_" + s(36)
t["github.app-user"] = "ghu_" + s(36)
t["github.app-server"] = "ghs_" + s(36)
t["github.refresh"] = "ghr_" + s(76)
t["github.fine"] = "github_pat_11" + s(20, U) + "_" + s(59)
t["gitlab.pat"] = "glpat-" + s(20, A + "_-")
t["gitlab.runner"] = "GR1348941" + s(20, A + "_-")
t["slack.bot"] = "xoxb-" + s(12, string.digits) + "-" + s(13, string.digits) + "-" + s(24)
t["slack.user"] = "xoxp-" + s(12, string.digits) + "-" + s(12, string.digits) + "-" + s(13, string.digits) + "-" + s(32, H)
t["slack.app"] = "xapp-1-A" + s(10, U) + "-" + s(13, string.digits) + "-" + s(64, H)
t["slack.webhook"] = "https://hooks.slack.com/services/T" + s(10, U) + "/B" + s(10, U) + "/" + s(24)
t["stripe"] = "sk_live_" + s(99)
t["stripe.rk"] = "rk_test_" + s(24)
t["google.api"] = "AIza" + s(35, A + "_-")
t["google.oauth"] = "GOCSPX-" + s(28, A + "_-")
t["npm"] = "npm_" + s(36)
t["pypi"] = "pypi-AgEIcHlwaS5vcmc" + s(70, A + "_-")
t["openai"] = "sk-proj-" + s(156, A + "_-")
t["openai.legacy"] = "sk-" + s(48)
t["anthropic"] = "sk-ant-api03-" + s(93, A + "_-") + "AA"
t["anthropic.admin"] = "sk-ant-admin01-" + s(93, A + "_-") + "AA"
t["hf"] = "hf_" + s(34)
t["twilio.sk"] = "SK" + s(32, H)
t["sendgrid"] = "SG." + s(22, A + "_-") + "." + s(43, A + "_-")
t["mailgun"] = "key-" + s(32, H)
t["shopify"] = "shpat_" + s(32, H)
t["atlassian"] = "ATATT3xFfGF0" + s(170, A + "_-") + "=" + s(8, H.upper())
t["azure.key"] = base64.b64encode(bytes(r.getrandbits(8) for _ in range(64))).decode()
t["do"] = "dop_v1_" + s(64, H)
t["databricks"] = "dapi" + s(32, H)
t["heroku"] = "HRKU-AA" + s(58, A + "_-")
t["pulumi"] = "pul-" + s(40, H)
t["doppler"] = "dp.st.prd." + s(40)
t["tfc"] = s(14, string.ascii_lowercase + string.digits) + ".atlasv1." + s(67, A)
t["dynatrace"] = "dt0c01." + s(24, U) + "." + s(64, U)
t["square"] = "EAAA" + s(60, A + "_-")
t["rubygems"] = "rubygems_" + s(48, H)
t["cloudflare.ca"] = "v1.0-" + s(24, H) + "-" + s(146, H)
t["brevo"] = "xkeysib-" + s(64, H) + "-" + s(16)
t["newrelic.ingest"] = "NRII-" + s(32, A + "_-")
t["jwt"] = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=") + "." + base64.urlsafe_b64encode(b'{"sub":"corpus-fake"}').decode().rstrip("=") + "." + s(43, A + "_-")
t["basic"] = base64.b64encode(b"corpus-user:" + s(14).encode()).decode()
t["pw1"] = s(16)
t["b64.ghp"] = base64.b64encode(t["github.classic"].encode()).decode()
t["b64.pem"] = base64.b64encode(b"-----BEGIN PRIVATE KEY-----\n" + s(64).encode() + b"\n-----END PRIVATE KEY-----\n").decode()
t["b64.dsn"] = base64.b64encode(("postgres://app:" + s(12) + "@db:5432/app").encode()).decode()
t["b64.dockercfg"] = base64.b64encode(('{"auths":{"registry.example.com":{"auth":"' + base64.b64encode(b"u:" + s(12).encode()).decode() + '"}}}').encode()).decode()
t["b64.openai"] = base64.b64encode(t["openai"].encode()).decode()
t["1password"] = "ops_eyJ" + s(250, A + "+/")
t["flyio"] = "fo1_" + s(43, A + "_-")
t["sourcegraph"] = "sgp_" + s(16, H) + "_" + s(40, H)
t["pplx"] = "pplx-" + s(48)
t["discord.webhook"] = "https://discord.com/api/webhooks/" + s(19, string.digits) + "/" + s(68, A + "_-")
t["teams.webhook"] = "https://contoso.webhook.office.com/webhookb2/" + s(8,H)+"-"+s(4,H)+"-"+s(4,H)+"-"+s(4,H)+"-"+s(12,H) + "@" + s(8,H)+"-"+s(4,H)+"-"+s(4,H)+"-"+s(4,H)+"-"+s(12,H) + "/IncomingWebhook/" + s(32, H) + "/" + s(8,H)+"-"+s(4,H)+"-"+s(4,H)+"-"+s(4,H)+"-"+s(12,H)
t["jfrog.ref"] = "cmVmdGtuOjAxOjE3" + s(48, A)
t["bedrock"] = "ABSK" + s(120, A + "+/")
t["alibaba"] = "LTAI" + s(20, A)
t["basic.password"] = "Pw-" + s(12)
t["pem.body"] = s(64, A + "+/")
t["docker"] = "dckr_pat_" + s(27, A + "_-")
t["vault"] = "hvs." + s(24)
t["grafana"] = "glsa_" + s(32) + "_" + s(8, H)
t["newrelic.user"] = "NRAK-" + s(27, U)
t["postman"] = "PMAK-" + s(24, H) + "-" + s(34, H)
t["sentry"] = "sntrys_" + s(60)
t["linear"] = "lin_api_" + s(40)
t["telegram"] = s(9, string.digits) + ":AA" + s(33, A + "_-")
t["age"] = "AGE-SECRET-KEY-1" + s(58, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L")
t["auth.noscheme"] = s(40, H)
t["dsn.pw"] = "Db-" + s(12)
t["kv.pw"] = "Kv-" + s(12)
R = "[REDACTED]"

# (shape, the line as a log carries it, the line as every output must show it)
POSITIVE = [
    ("pem.block", "-----BEGIN PRIVATE KEY-----\n{pem.body}\n{pem.body}\n-----END PRIVATE KEY-----", "[REDACTED PEM BLOCK]"),
    ("http.authorization-header-without-scheme", "authorization: {auth.noscheme}", "authorization: [R]"),
    ("docker.personal-access-token", "docker login -u ci -p {docker}", "docker login -u ci -p [R]"),
    ("hashicorp.vault-token", "X-Vault-Token: {vault}", "X-Vault-Token: [R]"),
    ("grafana.token", "grafana {grafana}", "grafana [R]"),
    ("newrelic.key", "Api-Key {newrelic.user}", "Api-Key [R]"),
    ("postman.key", "postman {postman}", "postman [R]"),
    ("sentry.token", "SENTRY_AUTH_TOKEN {sentry}", "SENTRY_AUTH_TOKEN [R]"),
    ("linear.key", "linear {linear}", "linear [R]"),
    ("telegram.bot-token", "GET https://api.telegram.org/bot{telegram}/getMe", "GET https://api.telegram.org/bot[R]/getMe"),
    ("age.secret-key", "age {age}", "age [R]"),
    ("aws.access-key-id", "aws: using key {aws.access-key-id} for s3", "aws: using key [R] for s3"),
    ("key-value.secret", "aws_secret_access_key = {aws.secret}", "aws_secret_access_key = [R]"),
    ("key-value.secret", "AWS_SECRET_ACCESS_KEY={aws.secret}", "AWS_SECRET_ACCESS_KEY=[R]"),
    ("github.token", "git clone https://x-access-token:{github.app-server}@github.com/o/r", "git clone https://x-access-token:[R]@github.com/o/r"),
    ("github.token", "GITHUB_TOKEN {github.classic} has no scope", "GITHUB_TOKEN [R] has no scope"),
    ("github.token", "oauth {github.oauth} expired", "oauth [R] expired"),
    ("github.token", "app user {github.app-user}", "app user [R]"),
    ("github.token", "refresh {github.refresh}", "refresh [R]"),
    ("github.fine-grained-token", "pat {github.fine}", "pat [R]"),
    ("gitlab.token", "gitlab PRIVATE-TOKEN {gitlab.pat} rejected", "gitlab PRIVATE-TOKEN [R] rejected"),
    ("gitlab.token", "register runner {gitlab.runner}", "register runner [R]"),
    ("slack.token", "slack bot {slack.bot} not_authed", "slack bot [R] not_authed"),
    ("slack.token", "slack user {slack.user}", "slack user [R]"),
    ("slack.app-token", "socket mode {slack.app}", "socket mode [R]"),
    ("slack.webhook-url", "POST {slack.webhook} 404", "POST https://hooks.slack.com/services/[R] 404"),
    ("stripe.key", "stripe key {stripe} invalid", "stripe key [R] invalid"),
    ("stripe.key", "restricted {stripe.rk}", "restricted [R]"),
    ("google.api-key", "maps key={google.api} denied", "maps key=[R] denied"),
    ("google.oauth-client-secret", "client {google.oauth} unauthorized_client", "client [R] unauthorized_client"),
    ("npm.token", "//registry.npmjs.org/:_authToken={npm}", "//registry.npmjs.org/:_authToken=[R]"),
    ("pypi.token", "twine upload -p {pypi}", "twine upload -p [R]"),
    ("openai.key", "openai: Incorrect API key provided: {openai}", "openai: Incorrect API key provided: [R]"),
    ("openai.key", "legacy {openai.legacy}", "legacy [R]"),
    ("anthropic.key", "anthropic key {anthropic} invalid", "anthropic key [R] invalid"),
    ("anthropic.key", "admin {anthropic.admin}", "admin [R]"),
    ("huggingface.token", "HF_TOKEN {hf} unauthorized", "HF_TOKEN [R] unauthorized"),
    ("twilio.api-key", "twilio key {twilio.sk} 401", "twilio key [R] 401"),
    ("sendgrid.key", "sendgrid {sendgrid} 403", "sendgrid [R] 403"),
    ("mailgun.key", "mailgun api:{mailgun}", "mailgun api:[R]"),
    ("shopify.token", "X-Shopify-Access-Token {shopify}", "X-Shopify-Access-Token [R]"),
    ("atlassian.api-token", "jira {atlassian} 401", "jira [R] 401"),
    ("azure.storage-connection-string", "DefaultEndpointsProtocol=https;AccountName=corpus;AccountKey={azure.key};EndpointSuffix=core.windows.net", "DefaultEndpointsProtocol=https;AccountName=corpus;AccountKey=[R];EndpointSuffix=core.windows.net"),
    ("digitalocean.token", "doctl -t {do}", "doctl -t [R]"),
    ("databricks.token", "databricks token {databricks} expired", "databricks token [R] expired"),
    ("heroku.api-key", "heroku {heroku}", "heroku [R]"),
    ("jwt", "id_token {jwt} rejected", "id_token [R] rejected"),
    ("http.authorization-header", "GET /api Authorization: Basic {basic}", "GET /api Authorization: Basic [R]"),
    ("http.basic-credentials", "proxy replied to Basic {basic}", "proxy replied to Basic [R]"),
    ("http.bearer-token", "sent bearer {jwt}", "sent bearer [R]"),
    ("cli.user-password", "+ curl -sf -u deploy:{basic.password} https://api.example.com/v1", "+ curl -sf -u deploy:[R] https://api.example.com/v1"),
    ("url.password", "FATAL: connect postgres://app:{dsn.pw}@db:5432/app failed", "FATAL: connect postgres://app:[R]@db:5432/app failed"),
    ("url.password", "jdbc:mysql://root:{dsn.pw}@mysql:3306/shop", "jdbc:mysql://root:[R]@mysql:3306/shop"),
    ("url.password", "mongodb+srv://svc:{dsn.pw}@cluster0.example.net/db", "mongodb+srv://svc:[R]@cluster0.example.net/db"),
    ("url.password", "mongodb://svc:{dsn.pw}@mongo-0,mongo-1/db?replicaSet=rs0", "mongodb://svc:[R]@mongo-0,mongo-1/db?replicaSet=rs0"),
    ("url.password", "redis://:{dsn.pw}@cache:6379/0", "redis://:[R]@cache:6379/0"),
    ("url.password", "rediss://default:{dsn.pw}@cache:6380", "rediss://default:[R]@cache:6380"),
    ("url.password", "amqp://guest:{dsn.pw}@rabbitmq:5672/", "amqp://guest:[R]@rabbitmq:5672/"),
    ("key-value.secret", "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"svc\" password=\"{kv.pw}\";", "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"svc\" password=\"[R]\";"),
    ("key-value.secret", "KAFKA_SASL_PASSWORD={kv.pw}", "KAFKA_SASL_PASSWORD=[R]"),
    ("key-value.secret", "Server=tcp:db,1433;Database=shop;User ID=sa;Password={kv.pw};Encrypt=True", "Server=tcp:db,1433;Database=shop;User ID=sa;Password=[R];Encrypt=True"),
    ("key-value.secret", "host=db port=5432 user=app password={kv.pw} dbname=app", "host=db port=5432 user=app password=[R] dbname=app"),
    ("key-value.secret", "{{\"db_password\": \"{kv.pw}\", \"user\": \"app\"}}", "{{\"db_password\": \"[R]\", \"user\": \"app\"}}"),
    ("mysql.password-option", "+ mysql -h db -u root -p{kv.pw} shop", "+ mysql -h db -u root -p[R] shop"),
    ("cli.password-short-option", "+ redis-cli -h cache -a {kv.pw} ping", "+ redis-cli -h cache -a [R] ping"),
    ("cli.password-flag", "mongosh --host db --password {kv.pw}", "mongosh --host db --password [R]"),
    ("oracle.connect-string", "sqlplus app/{kv.pw}@orclpdb1", "sqlplus app/[R]@orclpdb1"),
    ("base64.known-secret", "  GITHUB_TOKEN: {b64.ghp}", "  GITHUB_TOKEN: [R]"),
    ("base64.known-secret", "  tls.key: {b64.pem}", "  tls.key: [R]"),
    ("base64.known-secret", "  DATABASE_URL: {b64.dsn}", "  DATABASE_URL: [R]"),
    ("base64.known-secret", "  .dockerconfigjson: {b64.dockercfg}", "  .dockerconfigjson: [R]"),
    ("base64.known-secret", "  OPENAI_API_KEY: {b64.openai}", "  OPENAI_API_KEY: [R]"),
    ("pulumi.token", "PULUMI_ACCESS_TOKEN {pulumi}", "PULUMI_ACCESS_TOKEN [R]"),
    ("doppler.token", "doppler {doppler}", "doppler [R]"),
    ("terraform-cloud.token", "tfc {tfc}", "tfc [R]"),
    ("dynatrace.token", "Api-Token {dynatrace}", "Api-Token [R]"),
    ("square.token", "square {square}", "square [R]"),
    ("rubygems.key", "gem push with {rubygems}", "gem push with [R]"),
    ("cloudflare.origin-ca-key", "origin ca {cloudflare.ca}", "origin ca [R]"),
    ("brevo.key", "brevo {brevo}", "brevo [R]"),
    ("newrelic.ingest-key", "newrelic {newrelic.ingest}", "newrelic [R]"),
    ("onepassword.service-account-token", "op {1password}", "op [R]"),
    ("flyio.token", "fly {flyio}", "fly [R]"),
    ("sourcegraph.token", "src {sourcegraph}", "src [R]"),
    ("perplexity.key", "pplx {pplx}", "pplx [R]"),
    ("discord.webhook-url", "POST {discord.webhook} 401", "POST https://discord.com/api/webhooks/" + "{discord.id}/[R] 401"),
    ("microsoft-teams.webhook-url", "teams {teams.webhook}", "teams https://contoso.webhook.office.com/webhookb2/[R]"),
    ("jfrog.reference-token", "artifactory {jfrog.ref}", "artifactory [R]"),
    ("aws.bedrock-api-key", "bedrock {bedrock}", "bedrock [R]"),
    ("alibaba.access-key-id", "aliyun {alibaba}", "aliyun [R]"),
]

# Lines a log, a traceback or a config dump carries that hold no secret: each must stay as is.
NEGATIVE = [
    "    SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]",
    "    password = os.getenv(\"DB_PASSWORD\")",
    "  const token = process.env.API_TOKEN;",
    "        String secret = System.getenv(\"CLIENT_SECRET\");",
    "  api_key = ENV[\"STRIPE_KEY\"]",
    "  secret: ENV.fetch(\"SECRET\")",
    "token: ${GITHUB_TOKEN}",
    "password=$DB_PASSWORD",
    "password: %(db_password)s",
    "api_key: <your-api-key>",
    "API_KEY=changeme",
    "token = xxxx\u2026",
    "password: ********",
    "password: ***",
    "password = request.form[\"password\"]",
    "conn = connect(host=host, user=user, password=password)",
    "if token == \"\":",
    "def check(token: str) -> bool:",
    "db_password = settings.DB_PASSWORD",
    "DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app",
    "curl -u \"$USER:$PASS\" https://x",
    "redis-cli -a $REDIS_PASSWORD ping",
    "mysql -h db -u root -p$MYSQL_PWD app",
    "Authorization failed for user alice",
    "the bearer of this message",
    "basic authentication is disabled",
    "the disk-usage-threshold was reached",
    "see https://hooks.slack.com/services for setup",
    "pg_dump --password --host db",
    "token expired at 2026-11-20T10:00:00Z, refreshing",
    "thread 'main' panicked at src/main.rs:3:5:",
    "java.lang.OutOfMemoryError: Java heap space",
    "Caused by: org.postgresql.util.PSQLException: FATAL: password authentication failed for user \"app\"",
    "sha256:4d2f1c5e8a9b3c7d6e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
    "commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
    "request id 3f2504e0-4f89-11d3-9a0c-0305e82c3301 failed",
]

def fill(template):
    out = template.replace("[R]", R)
    for key in sorted(t, key=len, reverse=True):
        out = out.replace("{" + key + "}", t[key])
    return out.replace("{{", "{").replace("}}", "}")

t["discord.id"] = t["discord.webhook"].split("/")[-2]
print("# Generated by fake_tokens.py (seeded, fake but format-correct tokens; never real ones).")
print("# secrets: a line carrying a secret of `shape`, what every output must show instead, and")
print("# the secret itself, which must appear in no output. not_secrets: lines that must stay.")
print("secrets:")
for shape, line, redacted in POSITIVE:
    key = line[line.index("{") + 1:line.index("}", line.index("{"))] if "{" in line else None
    if line.startswith("{{"):
        key = "kv.pw"
    print(f"  - shape: {shape}")
    print(f"    line: {json.dumps(fill(line), ensure_ascii=False)}")
    print(f"    redacted: {json.dumps(fill(redacted), ensure_ascii=False)}")
    print(f"    secret: {json.dumps(t[key], ensure_ascii=False)}")
print("not_secrets:")
for line in NEGATIVE:
    print(f"  - {json.dumps(line, ensure_ascii=False)}")
