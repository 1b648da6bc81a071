#include "streamrun.h"

#include "relayfixture.h"

#include <QTest>

namespace StreamRun {

void addFormatRows()
{
    QTest::addColumn<int>("format");
    for (ApiFormat f : FormatCase::all())
        QTest::newRow(FormatCase::name(f)) << int(f);
}

FormatCase rowCase()
{
    QFETCH(int, format);
    return FormatCase::of(ApiFormat(format));
}

UpstreamScript streamHead()
{
    return UpstreamScript().head(200, {{"Content-Type", "text/event-stream"}}, Framing::Chunked);
}

RawHttpClient *post(RelayFixture &fx, const FormatCase &c)
{
    RawHttpClient *client = fx.client();
    client->post(c.target(true), c.clientBody(true), c.clientAuth(RelayFixture::kClientKey));
    return client;
}

RawHttpClient *start(RelayFixture &fx, const FormatCase &c, const UpstreamScript &script, const QJsonObject &settings)
{
    if (!fx.start(settings))
        return nullptr;
    fx.upstream().setScript(script);
    return post(fx, c);
}

} // namespace StreamRun
