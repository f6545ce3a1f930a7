package io.crowdengage.twilio;

import io.crowdengage.sms.DeliveryReport;
import io.crowdengage.sms.InboundSms;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A sink that keeps what it was given, passes it on to a delegate once one is set, and can be told to fail. */
final class CapturingSink implements InboundSink {
    final List<InboundSms> inbound = new CopyOnWriteArrayList<>();
    final List<DeliveryReport> reports = new CopyOnWriteArrayList<>();
    final AtomicReference<InboundSink> delegate = new AtomicReference<>();
    /** How many of the next calls throw, as a database that is down would. */
    final AtomicInteger failures = new AtomicInteger();

    @Override
    public void onInboundSms(InboundSms sms) {
        failIfTold();
        inbound.add(sms);
        InboundSink next = delegate.get();
        if (next != null) {
            next.onInboundSms(sms);
        }
    }

    @Override
    public void onDeliveryReport(DeliveryReport report) {
        failIfTold();
        reports.add(report);
        InboundSink next = delegate.get();
        if (next != null) {
            next.onDeliveryReport(report);
        }
    }

    private void failIfTold() {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("the consent ledger is down for +447400123456");
        }
    }
}
