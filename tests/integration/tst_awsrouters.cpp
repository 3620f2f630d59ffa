// The AWS routers (route53, alb, beanstalk) run the real AWS CLI (/usr/bin/aws from Debian's
// awscli) against a STUB of the three APIs on 127.0.0.1 (integration/awsstub.h), reached with
// the routers' `endpoint_url`. A stub because no Route 53, ELBv2 or Elastic Beanstalk emulator
// exists to run here and the tests must never reach AWS: so these are contract tests of the
// requests the routers make (weights, identifiers, UPSERT, the forward action, the swap), of the
// answers they read back, and of the CLI's error text they quote. They say nothing about AWS's
// own behaviour beyond those wire shapes.

#include "integration/awsstub.h"
#include "integration/clirun.h"
#include "integration/labfixture.h"

#include "config/configloader.h"
#include "controller/deploymentcontroller.h"
#include "pipeline/deployplan.h"
#include "router/albrouter.h"
#include "router/colourweights.h"
#include "router/route53router.h"
#include "router/routerfactory.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

namespace {

const QString kAws = QStringLiteral("/usr/bin/aws"); // not PATH's: a pyenv `aws` 1.x may come first
const QByteArray kSecret = "stubSecretKeyThatMustNeverBeShown0123456789";
const QString kListener = QStringLiteral("arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2");
const QString kBlueGroup = QStringLiteral("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-blue/73e2d6bc24d8a067");
const QString kGreenGroup = QStringLiteral("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-green/1a2b3c4d5e6f7a8b");

QJsonObject baseConfig(const QJsonObject &router, const QJsonArray &weights)
{
    const auto env = [](const QJsonArray &hosts) {
        return QJsonObject{{QStringLiteral("hosts"), hosts}, {QStringLiteral("app_port"), 8080},
                           {QStringLiteral("version_command"), QStringLiteral("cat VERSION")},
                           {QStringLiteral("deploy_command"), QStringLiteral("./deploy {version}")}};
    };
    return QJsonObject{
        {QStringLiteral("name"), QStringLiteral("aws-shop")},
        {QStringLiteral("hosts"), QJsonObject{{QStringLiteral("router"), QJsonObject{{QStringLiteral("address"), QStringLiteral("127.0.0.1")}}},
                                              {QStringLiteral("blue-1"), QJsonObject{{QStringLiteral("address"), QStringLiteral("10.0.1.11")}}},
                                              {QStringLiteral("blue-2"), QJsonObject{{QStringLiteral("address"), QStringLiteral("10.0.1.12")}}},
                                              {QStringLiteral("green-1"), QJsonObject{{QStringLiteral("address"), QStringLiteral("10.0.2.11")}}}}},
        {QStringLiteral("environments"), QJsonObject{{QStringLiteral("blue"), env({QStringLiteral("blue-1"), QStringLiteral("blue-2")})},
                                                     {QStringLiteral("green"), env({QStringLiteral("green-1")})}}},
        {QStringLiteral("router"), router},
        {QStringLiteral("pipeline"), QJsonArray{QJsonObject{{QStringLiteral("stage"), QStringLiteral("deploy")}},
                                                QJsonObject{{QStringLiteral("stage"), QStringLiteral("shift")}, {QStringLiteral("weights"), weights}}}},
    };
}

QJsonObject awsRouter(const QString &type, quint16 port, const QJsonObject &keys)
{
    QJsonObject router{{QStringLiteral("type"), type},
                       {QStringLiteral("host"), QStringLiteral("router")},
                       {QStringLiteral("frontend_url"), QStringLiteral("http://www.shop.test/")},
                       {QStringLiteral("aws_command"), kAws},
                       {QStringLiteral("endpoint_url"), QStringLiteral("http://127.0.0.1:%1").arg(port)}};
    for (auto it = keys.begin(); it != keys.end(); ++it)
        router.insert(it.key(), it.value());
    return router;
}

Result<DeploymentConfig> load(const QString &path, const QJsonObject &root)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(QJsonDocument(root).toJson()) < 0)
        return Result<DeploymentConfig>::failure(QStringLiteral("cannot write ") + path);
    f.close();
    ConfigLoader loader;
    return loader.loadFile(path);
}

QString planOf(const DeploymentConfig &config, RouterAdapter &adapter)
{
    QStringList plan;
    for (const DeployPlan::Step &step : DeployPlan::build(config, adapter, Colour::Blue, QStringLiteral("2.0.0")))
        plan << step.what;
    return plan.join(QLatin1Char('\n'));
}

} // namespace

class TestAwsRouters final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    HostPool m_pool{{}, {}};

    std::unique_ptr<RouterAdapter> routerFor(const QString &file, const QJsonObject &router, const QJsonArray &weights, DeploymentConfig *out = nullptr)
    {
        const Result<DeploymentConfig> config = load(m_dir.filePath(file), baseConfig(router, weights));
        if (!config) {
            qWarning("%s", qPrintable(config.error()));
            return nullptr;
        }
        if (out)
            *out = config.value();
        return makeRouter(m_pool, config.value(), Lane::Control);
    }

    static QJsonObject route53Keys(int timeoutS)
    {
        return QJsonObject{{QStringLiteral("hosted_zone_id"), QStringLiteral("Z0STUB123")},
                           {QStringLiteral("record_name"), QStringLiteral("www.shop.test")},
                           {QStringLiteral("blue_value"), QStringLiteral("blue.shop.test")},
                           {QStringLiteral("green_value"), QStringLiteral("green.shop.test")},
                           {QStringLiteral("change_timeout_s"), timeoutS}};
    }

    static void seedRoute53(test::AwsStub &stub, int pending)
    {
        QMutexLocker<QMutex> l(&stub.mutex());
        stub.recordName = QStringLiteral("www.shop.test.");
        stub.records = {{QStringLiteral("blue"), {255, QStringLiteral("blue.shop.test.")}}, {QStringLiteral("green"), {0, QStringLiteral("green.shop.test.")}}};
        stub.pendingGetChanges = pending;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(kAws), "/usr/bin/aws is missing: run scripts/install-deps.sh (Debian's awscli)");
        QVERIFY(m_dir.isValid());
        // Dummy credentials for the CLI to sign with (the stub does not check them), and no
        // configuration of the user's: the CLI must not find a real profile or an instance role.
        qputenv("AWS_ACCESS_KEY_ID", "AKIASTUBSTUBSTUBSTUB");
        qputenv("AWS_SECRET_ACCESS_KEY", kSecret);
        qputenv("AWS_DEFAULT_REGION", "eu-west-1");
        qputenv("AWS_CONFIG_FILE", m_dir.filePath(QStringLiteral("no-aws-config")).toUtf8());
        qputenv("AWS_SHARED_CREDENTIALS_FILE", m_dir.filePath(QStringLiteral("no-aws-credentials")).toUtf8());
        qputenv("AWS_EC2_METADATA_DISABLED", "true");
        qputenv("AWS_MAX_ATTEMPTS", "1"); // an error answer is quoted at once, not retried
        qunsetenv("AWS_PROFILE");
    }

    // Weights are ours to check: every share maps into the service's range, never both zero.
    void weightRanges()
    {
        for (const int max : {Route53Router::kMaxWeight, AlbRouter::kMaxWeight}) {
            for (int p = 0; p <= 100; ++p) {
                const Result<ColourWeights> w = splitWeights(Colour::Green, p, max);
                QVERIFY(w);
                QVERIFY(w->blue >= 0 && w->blue <= max && w->green >= 0 && w->green <= max && w->blue + w->green > 0);
            }
        }
        QCOMPARE(splitWeights(Colour::Green, 10, 255)->green, 26);
        QCOMPARE(splitWeights(Colour::Green, 10, 255)->blue, 229);
        QVERIFY(!splitWeights(Colour::Green, 101, 255));
        QVERIFY(!splitWeights(Colour::Blue, -1, 999));
    }

    void route53StepsPollUntilInSync()
    {
        test::AwsStub stub;
        const quint16 port = stub.start();
        QVERIFY(port);
        seedRoute53(stub, 2);
        DeploymentConfig config;
        const auto router = routerFor(QStringLiteral("r53.json"), awsRouter(QStringLiteral("route53"), port, route53Keys(60)), {10, 100}, &config);
        QVERIFY(router);

        // `greenlight plan` shows the CLI call with both records, and no credential.
        const QString plan = planOf(config, *router);
        QVERIFY2(plan.contains(QStringLiteral("/usr/bin/aws --output json --endpoint-url http://127.0.0.1:%1 route53 change-resource-record-sets "
                                              "--hosted-zone-id Z0STUB123 --change-batch").arg(port)),
                 qPrintable(plan));
        QVERIFY2(plan.contains(QStringLiteral("\"SetIdentifier\":\"green\",\"TTL\":60,\"Type\":\"CNAME\",\"Weight\":26")), qPrintable(plan));
        QVERIFY(!plan.contains(QString::fromLatin1(kSecret)));

        // status: blue takes everything.
        const Result<RouterState> before = router->readState({});
        QVERIFY2(before, qPrintable(before.error()));
        QCOMPARE(before->liveColour(), Colour::Blue);

        QElapsedTimer clock;
        clock.start();
        const Result<RouterState> shifted = router->shift(Colour::Green, 10, {});
        QVERIFY2(shifted, qPrintable(shifted.error()));
        // Measured, not asserted: the change, 3 pauses of 1 s, 3 get-change, 1 read-back.
        qInfo("route53 step with 2 PENDING polls: %lld ms (5 CLI calls)", static_cast<long long>(clock.elapsed()));
        QCOMPARE(shifted->percent(Colour::Green), 10);
        QCOMPARE(shifted->percent(Colour::Blue), 90);

        // One batch, both records UPSERTed with our weights and identifiers.
        const QList<test::AwsStub::Request> changes = stub.requests(QStringLiteral("ChangeResourceRecordSets"));
        QCOMPARE(changes.size(), 1);
        const QString body = QString::fromUtf8(changes.constFirst().body);
        QCOMPARE(changes.constFirst().path, QStringLiteral("/2013-04-01/hostedzone/Z0STUB123/rrset/"));
        QCOMPARE(body.count(QStringLiteral("<Action>UPSERT</Action>")), 2);
        // (The CLI writes a record's members in its model's order, not ours.)
        for (const QString &record : {QStringLiteral("<ResourceRecordSet><Name>www.shop.test.</Name><ResourceRecords><ResourceRecord><Value>blue.shop.test</Value>"
                                                     "</ResourceRecord></ResourceRecords><SetIdentifier>blue</SetIdentifier><TTL>60</TTL><Type>CNAME</Type>"
                                                     "<Weight>229</Weight></ResourceRecordSet>"),
                                      QStringLiteral("<ResourceRecordSet><Name>www.shop.test.</Name><ResourceRecords><ResourceRecord><Value>green.shop.test</Value>"
                                                     "</ResourceRecord></ResourceRecords><SetIdentifier>green</SetIdentifier><TTL>60</TTL><Type>CNAME</Type>"
                                                     "<Weight>26</Weight></ResourceRecordSet>")})
            QVERIFY2(body.contains(record), qPrintable(body));
        // PENDING twice, then INSYNC: three get-change calls, then the read-back.
        QCOMPARE(stub.requests(QStringLiteral("GetChange")).size(), 3);
        QCOMPARE(stub.requests(QStringLiteral("GetChange")).constLast().path, QStringLiteral("/2013-04-01/change/C0STUB1"));
        const QList<test::AwsStub::Request> lists = stub.requests(QStringLiteral("ListResourceRecordSets"));
        QVERIFY(lists.size() >= 2);
        QVERIFY2(lists.constLast().path.contains(QStringLiteral("name=www.shop.test.")), qPrintable(lists.constLast().path));
    }

    // `greenlight plan` and `greenlight status` read the router through the same CLI calls.
    void planAndStatusFromTheCommandLine()
    {
        const QString bin = qEnvironmentVariable("GREENLIGHT_BIN");
        QVERIFY2(QFile::exists(bin), "set GREENLIGHT_BIN to the built greenlight");
        test::AwsStub stub;
        const quint16 port = stub.start();
        QVERIFY(port);
        seedRoute53(stub, 0);
        const QString file = m_dir.filePath(QStringLiteral("r53-cli.json"));
        QVERIFY(load(file, baseConfig(awsRouter(QStringLiteral("route53"), port, route53Keys(60)), {10, 100})));
        for (const QString &verb : {QStringLiteral("plan"), QStringLiteral("status")}) {
            QProcess cli;
            const QStringList args = verb == QLatin1String("plan") ? QStringList{verb, QStringLiteral("2.0.0"), QStringLiteral("-c"), file}
                                                                   : QStringList{verb, QStringLiteral("-c"), file};
            cli.start(bin, args);
            QVERIFY(cli.waitForFinished(120000));
            const QString out = QString::fromUtf8(cli.readAllStandardOutput() + cli.readAllStandardError());
            qInfo("greenlight %s:\n%s", qPrintable(verb), qPrintable(out));
            QVERIFY(!out.contains(QString::fromLatin1(kSecret)));
            if (verb == QLatin1String("plan"))
                QVERIFY2(out.contains(QStringLiteral("route53 change-resource-record-sets --hosted-zone-id Z0STUB123")), qPrintable(out));
            else
                QVERIFY2(out.contains(QStringLiteral("blue 100% / green 0%")), qPrintable(out));
        }
    }

    void route53DeadlineAndCancel()
    {
        test::AwsStub stub;
        const quint16 port = stub.start();
        QVERIFY(port);
        seedRoute53(stub, -1); // PENDING forever
        const auto late = routerFor(QStringLiteral("r53-late.json"), awsRouter(QStringLiteral("route53"), port, route53Keys(1)), {100});
        QVERIFY(late);
        const Result<RouterState> timedOut = late->shift(Colour::Green, 100, {});
        QVERIFY(!timedOut);
        // (RouterAdapter::shift reports every failed change as refused-by-router; the words say why.)
        QVERIFY2(timedOut.error().contains(QStringLiteral("still PENDING after 1 s")), qPrintable(timedOut.error()));

        // A stop while polling is honoured: the token is cancelled when the stub answers the
        // second get-change, and the change's 300 s deadline is not waited for.
        const CancelToken cancel;
        {
            QMutexLocker<QMutex> l(&stub.mutex());
            stub.onGetChange = [cancel](int count) {
                if (count == 2)
                    cancel.cancel();
            };
        }
        const auto patient = routerFor(QStringLiteral("r53-patient.json"), awsRouter(QStringLiteral("route53"), port, route53Keys(300)), {100});
        QVERIFY(patient);
        const Result<RouterState> stopped = patient->shift(Colour::Blue, 100, cancel);
        QVERIFY(!stopped);
        QVERIFY2(stopped.error().contains(QStringLiteral("cancelled")), qPrintable(stopped.error()));
    }

    void route53QuotesTheCliAndRefusesForeignReads()
    {
        test::AwsStub stub;
        const quint16 port = stub.start();
        QVERIFY(port);
        seedRoute53(stub, 0);
        {
            QMutexLocker<QMutex> l(&stub.mutex());
            stub.errors.insert(QStringLiteral("ChangeResourceRecordSets"),
                               {404, QStringLiteral("NoSuchHostedZone"), QStringLiteral("No hosted zone found with ID: Z0STUB123")});
        }
        const auto router = routerFor(QStringLiteral("r53-err.json"), awsRouter(QStringLiteral("route53"), port, route53Keys(60)), {100});
        QVERIFY(router);
        const Result<RouterState> refused = router->shift(Colour::Green, 100, {});
        QVERIFY(!refused);
        QCOMPARE(refused.code(), ErrorCode::RefusedByRouter);
        QVERIFY2(refused.error().contains(QStringLiteral("An error occurred (NoSuchHostedZone) when calling the ChangeResourceRecordSets operation"))
                     && refused.error().contains(QStringLiteral("No hosted zone found with ID: Z0STUB123")),
                 qPrintable(refused.error()));
        QVERIFY(!refused.error().contains(QString::fromLatin1(kSecret)));

        // A weight outside Route 53's range, read back, is refused rather than believed.
        {
            QMutexLocker<QMutex> l(&stub.mutex());
            stub.records[QStringLiteral("green")].weight = 300;
        }
        const Result<RouterState> odd = router->readState({});
        QVERIFY(!odd);
        QVERIFY2(odd.error().contains(QStringLiteral("outside Route 53's 0..255")), qPrintable(odd.error()));
        // A record pointing elsewhere than the file says is refused too.
        {
            QMutexLocker<QMutex> l(&stub.mutex());
            stub.records[QStringLiteral("green")] = {0, QStringLiteral("elsewhere.shop.test.")};
        }
        const Result<RouterState> elsewhere = router->readState({});
        QVERIFY(!elsewhere);
        QVERIFY2(elsewhere.error().contains(QStringLiteral("elsewhere.shop.test.")), qPrintable(elsewhere.error()));
    }

    // run_on: the CLI and its credentials on a bastion (the lab's router host, over real SSH),
    // not on this machine; the stub still answers (on loopback, as a regional endpoint would).
    void route53RunsOnABastion()
    {
        test::LabFixture lab;
        LabOptions options;
        options.trafficRps = 0;
        QVERIFY(lab.start(options));
        // The bastion's CLI with the bastion's own credentials: what its `aws` would find there.
        const QString bin = m_dir.filePath(QStringLiteral("bastion"));
        QVERIFY(QDir().mkpath(bin));
        const QString wrapper = bin + QStringLiteral("/aws");
        QFile script(wrapper);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\nexport AWS_ACCESS_KEY_ID=AKIABASTIONBASTION00 AWS_SECRET_ACCESS_KEY=" + kSecret
                     + " AWS_DEFAULT_REGION=eu-west-1 AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent"
                       " AWS_EC2_METADATA_DISABLED=true AWS_MAX_ATTEMPTS=1\nexec /usr/bin/aws \"$@\"\n");
        script.close();
        const auto readable = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther;
        for (const QString &path : {m_dir.path(), bin, wrapper}) // the lab's account runs it
            QVERIFY(QFile::setPermissions(path, readable));

        test::AwsStub stub;
        const quint16 port = stub.start();
        QVERIFY(port);
        seedRoute53(stub, 0);
        QJsonObject router = awsRouter(QStringLiteral("route53"), port, route53Keys(60));
        router.insert(QStringLiteral("aws_command"), wrapper);
        router.insert(QStringLiteral("run_on"), QStringLiteral("router"));
        const QString file = test::variantConfig(lab.lab.configPath(), m_dir.filePath(QStringLiteral("bastion.json")),
                                                 [&](QJsonObject &root) { root.insert(QStringLiteral("router"), router); });
        ConfigLoader loader;
        const Result<DeploymentConfig> config = loader.loadFile(file);
        QVERIFY2(config, qPrintable(config.error()));
        HostPool pool(DeploymentController::sshTargets(config.value(), HostKeyPolicy::Strict), {config->router.host});
        const std::unique_ptr<RouterAdapter> adapter = makeRouter(pool, config.value(), Lane::Control);

        const Result<RouterState> shifted = adapter->shift(Colour::Green, 100, {});
        QVERIFY2(shifted, qPrintable(shifted.error()));
        QCOMPARE(shifted->liveColour(), Colour::Green);
        QCOMPARE(stub.requests(QStringLiteral("ChangeResourceRecordSets")).size(), 1);

        // Nothing answers the bastion's CLI: the error says where it ran and quotes the CLI.
        stub.stop();
        const Result<RouterState> unreachable = adapter->readState({});
        QVERIFY(!unreachable);
        QVERIFY2(unreachable.error().contains(QStringLiteral("on router")), qPrintable(unreachable.error()));
        QVERIFY2(unreachable.error().contains(QStringLiteral("Could not connect")), qPrintable(unreachable.error()));
        QCOMPARE(unreachable.code(), ErrorCode::Unreachable);
        QVERIFY(!unreachable.error().contains(QString::fromLatin1(kSecret)));
    }

    void albForwardWeightsStickinessAndHealth()
    {
        test::AwsStub stub;
        const quint16 port = stub.start();
        QVERIFY(port);
        {
            QMutexLocker<QMutex> l(&stub.mutex());
            stub.listenerArn = kListener;
            stub.forward = {{kBlueGroup, 999}, {kGreenGroup, 0}};
            stub.targets.insert(kBlueGroup, {{QStringLiteral("10.0.1.11"), QStringLiteral("healthy")}, {QStringLiteral("10.0.1.12"), QStringLiteral("healthy")}});
            stub.targets.insert(kGreenGroup, {{QStringLiteral("10.0.2.11"), QStringLiteral("unhealthy")}});
        }
        const QJsonObject keys{{QStringLiteral("listener_arn"), kListener},
                               {QStringLiteral("blue_target_group_arn"), kBlueGroup},
                               {QStringLiteral("green_target_group_arn"), kGreenGroup},
                               {QStringLiteral("stickiness_s"), 300}};
        DeploymentConfig config;
        const auto router = routerFor(QStringLiteral("alb.json"), awsRouter(QStringLiteral("alb"), port, keys), {25, 100}, &config);
        QVERIFY(router);
        QVERIFY2(planOf(config, *router).contains(QStringLiteral("elbv2 modify-listener --listener-arn ") + kListener), qPrintable(planOf(config, *router)));

        QElapsedTimer clock;
        clock.start();
        const Result<RouterState> before = router->readState({});
        qInfo("alb read (describe-listeners + 2 describe-target-health): %lld ms", static_cast<long long>(clock.elapsed()));
        QVERIFY2(before, qPrintable(before.error()));
        QCOMPARE(before->liveColour(), Colour::Blue);
        QCOMPARE(before->serversNotUp(Colour::Green), QStringList{QStringLiteral("green-1 (DOWN (unhealthy))")});

        const Result<RouterState> shifted = router->shift(Colour::Green, 25, {});
        QVERIFY2(shifted, qPrintable(shifted.error()));
        QCOMPARE(shifted->percent(Colour::Green), 25);
        const QList<test::AwsStub::Request> modify = stub.requests(QStringLiteral("ModifyListener"));
        QCOMPARE(modify.size(), 1);
        const QUrlQuery &form = modify.constFirst().form;
        const auto field = [&form](const QString &key) { return form.queryItemValue(key, QUrl::FullyDecoded); };
        const QString fwd = QStringLiteral("DefaultActions.member.1.ForwardConfig.");
        QCOMPARE(field(QStringLiteral("ListenerArn")), kListener);
        QCOMPARE(field(QStringLiteral("DefaultActions.member.1.Type")), QStringLiteral("forward"));
        QCOMPARE(field(fwd + QStringLiteral("TargetGroups.member.1.TargetGroupArn")), kBlueGroup);
        QCOMPARE(field(fwd + QStringLiteral("TargetGroups.member.1.Weight")), QStringLiteral("749"));
        QCOMPARE(field(fwd + QStringLiteral("TargetGroups.member.2.TargetGroupArn")), kGreenGroup);
        QCOMPARE(field(fwd + QStringLiteral("TargetGroups.member.2.Weight")), QStringLiteral("250"));
        QCOMPARE(field(fwd + QStringLiteral("TargetGroupStickinessConfig.Enabled")), QStringLiteral("true"));
        QCOMPARE(field(fwd + QStringLiteral("TargetGroupStickinessConfig.DurationSeconds")), QStringLiteral("300"));

        {
            QMutexLocker<QMutex> l(&stub.mutex());
            stub.errors.insert(QStringLiteral("ModifyListener"), {400, QStringLiteral("ListenerNotFound"), QStringLiteral("One or more listeners not found")});
        }
        const Result<RouterState> refused = router->shift(Colour::Green, 100, {});
        QVERIFY(!refused);
        QVERIFY2(refused.error().contains(QStringLiteral("An error occurred (ListenerNotFound) when calling the ModifyListener operation"))
                     && refused.error().contains(QStringLiteral("One or more listeners not found")),
                 qPrintable(refused.error()));
    }

    void beanstalkSwapsAllAtOnce()
    {
        test::AwsStub stub;
        const quint16 port = stub.start();
        QVERIFY(port);
        {
            QMutexLocker<QMutex> l(&stub.mutex());
            stub.environments.insert(QStringLiteral("shop-blue"), {QStringLiteral("shop.eu-west-1.elasticbeanstalk.com")});
            stub.environments.insert(QStringLiteral("shop-green"), {QStringLiteral("shop-next.eu-west-1.elasticbeanstalk.com")});
            stub.updatingReadsAfterSwap = 1;
        }
        const QJsonObject keys{{QStringLiteral("blue_environment"), QStringLiteral("shop-blue")},
                               {QStringLiteral("green_environment"), QStringLiteral("shop-green")},
                               {QStringLiteral("live_cname"), QStringLiteral("shop.eu-west-1.elasticbeanstalk.com")},
                               {QStringLiteral("change_timeout_s"), 60}};

        // Weighted steps are a config error at the shift's weights.
        const Result<DeploymentConfig> stepped = load(m_dir.filePath(QStringLiteral("eb-steps.json")), baseConfig(awsRouter(QStringLiteral("beanstalk"), port, keys), {10, 100}));
        QVERIFY(!stepped);
        QVERIFY2(stepped.error().contains(QStringLiteral("/pipeline/1/weights")) && stepped.error().contains(QStringLiteral("all traffic at once")),
                 qPrintable(stepped.error()));

        const auto router = routerFor(QStringLiteral("eb.json"), awsRouter(QStringLiteral("beanstalk"), port, keys), {100});
        QVERIFY(router);
        const Result<RouterState> before = router->readState({});
        QVERIFY2(before, qPrintable(before.error()));
        QCOMPARE(before->liveColour(), Colour::Blue);

        QElapsedTimer clock;
        clock.start();
        const Result<RouterState> swapped = router->shift(Colour::Green, 100, {});
        qInfo("beanstalk swap with one Updating read: %lld ms", static_cast<long long>(clock.elapsed()));
        QVERIFY2(swapped, qPrintable(swapped.error()));
        QCOMPARE(swapped->liveColour(), Colour::Green);
        const QList<test::AwsStub::Request> swaps = stub.requests(QStringLiteral("SwapEnvironmentCNAMEs"));
        QCOMPARE(swaps.size(), 1);
        QCOMPARE(swaps.constFirst().form.queryItemValue(QStringLiteral("SourceEnvironmentName")), QStringLiteral("shop-blue"));
        QCOMPARE(swaps.constFirst().form.queryItemValue(QStringLiteral("DestinationEnvironmentName")), QStringLiteral("shop-green"));

        // Already live: no second swap (which would undo the first).
        QVERIFY(router->shift(Colour::Green, 100, {}));
        QCOMPARE(stub.requests(QStringLiteral("SwapEnvironmentCNAMEs")).size(), 1);
        // And a share between 0 and 100 is refused by the router itself too.
        QVERIFY(!router->shift(Colour::Blue, 50, {}));
        QCOMPARE(stub.requests(QStringLiteral("SwapEnvironmentCNAMEs")).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestAwsRouters)
#include "tst_awsrouters.moc"
