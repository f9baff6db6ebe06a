#include "TokenCommand.h"

#include <cstdio>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include "Application.h"
#include "CtlContext.h"
#include "CtlVerb.h"
#include "InputFile.h"
#include "JwtVerifier.h"
#include "TerminalText.h"

namespace gatehouse {

QString TokenCommand::summary() const
{
    return QStringLiteral("Verify a credential as a downstream system does.");
}

QList<CtlVerb> TokenCommand::verbs() const
{
    return {{QStringLiteral("verify"),
             QStringLiteral("TOKEN"),
             1,
             1,
             QStringLiteral("Check signature, algorithm, issuer, audience and validity period"),
             {option("aud", "The audience this system answers to (required), e.g. okta.", "audience"),
              option("jwks", "A JWK Set file, or 'workspace' (default) for the workspace's keys.", "file"),
              option("iss", "Required issuer (default urn:gatehouse:credentials).", "issuer"),
              option("leeway", "Clock-skew allowance in seconds, 0..30 (default 0).", "seconds")},
             {},
             QStringLiteral("TOKEN '-' reads the token from standard input. Exit 0 when valid, 1 when\n"
                            "rejected (with an error code such as alg_none, bad_signature, expired).\n"
                            "Only the gateway knows revocation and use: POST /v1/introspect for those.")}};
}

int TokenCommand::run(const QString&, const QCommandLineParser& parser, const QStringList& arguments,
                      CtlContext& context)
{
    const QString audience = parser.value(QStringLiteral("aud"));
    if (audience.isEmpty())
        return context.usageError(
            QStringLiteral("--aud is required: a token is only valid for its audience"));
    JwtVerifierOptions options;
    options.audience = audience;
    options.issuer = parser.isSet(QStringLiteral("iss")) ? parser.value(QStringLiteral("iss"))
                                                         : QStringLiteral("urn:gatehouse:credentials");
    if (parser.isSet(QStringLiteral("leeway"))) {
        bool ok = false;
        options.leewaySeconds = parser.value(QStringLiteral("leeway")).toLongLong(&ok);
        if (!ok || options.leewaySeconds < 0 || options.leewaySeconds > JwtVerifier::kMaxLeewaySeconds)
            return context.usageError(QStringLiteral("--leeway must be 0..30 seconds"));
    }
    QByteArray token = arguments.at(0).toLatin1();
    if (arguments.at(0) == QStringLiteral("-")) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return context.usageError(QStringLiteral("cannot read the token from standard input"));
        token = in.read(JwtVerifier::kMaxTokenBytes + 2).trimmed();
    }

    QJsonObject jwks;
    QDateTime now = QDateTime::currentDateTimeUtc();
    const QString source = parser.value(QStringLiteral("jwks"));
    if (source.isEmpty() || source == QStringLiteral("workspace")) {
        auto app = context.open();
        if (!app)
            return context.report(app.error());
        auto set = (*app)->credentials().jwks();
        if (!set)
            return context.report(set.error());
        jwks = *set;
        now = (*app)->clock().now();
    } else {
        auto bytes = InputFile::read(source, 1024 * 1024);
        if (!bytes)
            return context.report(bytes.error());
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(*bytes, &err);
        if (err.error != QJsonParseError::NoError || !doc.isObject())
            return context.report(
                Error{ErrorCode::InvalidInput, QStringLiteral("%1 is not a JSON JWK Set").arg(source)});
        jwks = doc.object();
    }
    auto keys = JwtVerifier::keysFromJwks(jwks);
    if (!keys)
        return context.report(keys.error());
    if (keys->isEmpty())
        return context.report(
            Error{ErrorCode::InvalidInput, QStringLiteral("the key set holds no Ed25519 key")});
    auto verifier = JwtVerifier::create(std::move(*keys), options);
    if (!verifier)
        return context.report(verifier.error());
    auto result = verifier->verify(token, now);
    if (!result) {
        if (context.json())
            context.printJson(QJsonObject{{QStringLiteral("valid"), false},
                                          {QStringLiteral("error"), result.error().code()},
                                          {QStringLiteral("message"), result.error().message}});
        else
            context.out() << "rejected: " << result.error().code() << ": "
                          << TerminalText::printable(result.error().message) << '\n';
        return CtlContext::kExitCheckFailed;
    }
    if (context.json()) {
        context.printJson(QJsonObject{{QStringLiteral("valid"), true},
                                      {QStringLiteral("kid"), result->kid},
                                      {QStringLiteral("claims"), result->claims}});
    } else {
        const QJsonObject& c = result->claims;
        context.out() << "valid: "
                      << TerminalText::printable(c.value(QStringLiteral("action_type")).toString()) << " on "
                      << TerminalText::printable(c.value(QStringLiteral("target")).toString()) << " for "
                      << TerminalText::printable(c.value(QStringLiteral("sub")).toString()) << "\njti "
                      << TerminalText::printable(result->jti) << ", key " << result->kid << ", expires "
                      << result->expiresAt.toString(Qt::ISODate) << '\n';
    }
    return CtlContext::kExitOk;
}

} // namespace gatehouse
