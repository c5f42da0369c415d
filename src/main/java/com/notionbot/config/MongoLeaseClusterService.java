package com.notionbot.config;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Camel cluster service whose leadership is a lease document in MongoDB, one per namespace in the
 * {@code leases} collection: {@code {_id: namespace, owner, lease_until, renewed_at}}. Every
 * replica tries every {@code renewEvery} to take the lease, which succeeds when it holds it already
 * or the holder let it run out ({@code lease_until} in the past). A leader that cannot renew (the
 * database is unreachable) gives leadership up before its lease can run out elsewhere; a stopping
 * leader releases the lease, so another replica takes over at its next attempt.
 *
 * <p>Needs nothing the gateway does not have already (no shared directory, no ZooKeeper): the
 * {@code master:} routes then run on one replica of any number of hosts sharing one MongoDB. The
 * replicas' clocks must agree to well within the lease time (NTP). Two leaders for a moment would
 * not send a task twice (the outbox claims each task atomically), only search the outbox twice.
 */
public final class MongoLeaseClusterService extends AbstractCamelClusterService<MongoLeaseClusterService.LeaseView> {

    private static final Logger log = LoggerFactory.getLogger(MongoLeaseClusterService.class);

    private final MongoCollection<Document> leases;
    private final Duration leaseTime;
    private final Duration renewEvery;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public MongoLeaseClusterService(String memberId, MongoCollection<Document> leases, Duration leaseTime,
                                    Duration renewEvery, Clock clock) {
        super(memberId);
        if (renewEvery.multipliedBy(2).compareTo(leaseTime) >= 0) {
            throw new IllegalArgumentException("the lease (" + leaseTime + ") must last more than two renewals (" + renewEvery + ")");
        }
        this.leases = leases;
        this.leaseTime = leaseTime;
        this.renewEvery = renewEvery;
        this.clock = clock;
    }

    @Override
    protected synchronized void doStart() throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cluster-lease-" + getId());
            thread.setDaemon(true);
            return thread;
        });
        super.doStart();
    }

    @Override
    protected synchronized void doStop() throws Exception {
        super.doStop();
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Override
    protected LeaseView createView(String namespace) {
        return new LeaseView(namespace);
    }

    private synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null || scheduler.isShutdown()) {
            throw new IllegalStateException("the cluster service " + getId() + " is not started");
        }
        return scheduler;
    }

    /** One namespace's lease, as Camel's master component sees it. */
    public final class LeaseView extends AbstractCamelClusterView {

        private final Member local = new Member(getId(), true);
        private volatile boolean leader;
        private volatile String leaderId;
        /** Until when this replica may go on leading without a successful renewal. */
        private volatile Instant safeUntil = Instant.EPOCH;
        private ScheduledFuture<?> attempts;
        private volatile boolean running;

        LeaseView(String namespace) {
            super(MongoLeaseClusterService.this, namespace);
        }

        @Override
        protected void doStart() {
            try {
                ensureLease();
            } catch (MongoException e) {
                log.warn("Cannot create the lease of {} yet: {}", getNamespace(), e.getMessage());
            }
            running = true;
            attempts = scheduler().scheduleWithFixedDelay(this::attempt, 0, renewEvery.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        protected void doStop() {
            running = false;
            if (attempts != null) {
                attempts.cancel(false);
            }
            release();
        }

        /** Hands the lease back (when this replica holds it), so another one takes over at once. */
        private synchronized void release() {
            if (leader) {
                try {
                    leases.updateOne(and(eq("_id", getNamespace()), eq("owner", getId())),
                            Updates.set("lease_until", new Date(0)));
                    log.info("Released the leadership of {} ({})", getNamespace(), getId());
                } catch (MongoException e) {
                    log.warn("Could not release the lease of {}; it runs out by itself: {}", getNamespace(), e.getMessage());
                }
                changed(false, null);
            }
        }

        /** Creates the namespace's lease document, free to take, unless it exists. */
        private void ensureLease() {
            try {
                leases.insertOne(new Document("_id", getNamespace()).append("owner", null)
                        .append("lease_until", new Date(0)).append("renewed_at", null));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
        }

        /** One attempt to take or renew the lease; runs every renewal interval. */
        void attempt() {
            if (!running) {
                return;
            }
            Instant now = clock.instant();
            try {
                Document taken = leases.findOneAndUpdate(
                        and(eq("_id", getNamespace()), or(eq("owner", getId()), lt("lease_until", Date.from(now)))),
                        Updates.combine(Updates.set("owner", getId()),
                                Updates.set("lease_until", Date.from(now.plus(leaseTime))),
                                Updates.set("renewed_at", Date.from(now))));
                if (taken != null) {
                    // the lease runs until now + leaseTime; give up one renewal early when renewals fail
                    safeUntil = now.plus(leaseTime).minus(renewEvery);
                    changed(true, getId());
                    if (!running) {
                        release(); // stopped while this attempt was on its way
                    }
                    return;
                }
                Document current = leases.find(eq("_id", getNamespace())).first();
                if (current == null) {
                    ensureLease(); // deleted (or not in a restored backup): taken at the next attempt
                }
                changed(false, current == null ? null : current.getString("owner"));
            } catch (MongoException e) {
                if (leader && clock.instant().isAfter(safeUntil)) {
                    log.warn("Cannot renew the lease of {} ({}); giving the leadership up", getNamespace(), e.getMessage());
                    changed(false, null);
                } else {
                    log.debug("Lease attempt for {} failed: {}", getNamespace(), e.getMessage());
                }
            } catch (RuntimeException e) {
                log.warn("Lease attempt for {} failed", getNamespace(), e);
            }
        }

        private synchronized void changed(boolean nowLeader, String owner) {
            boolean wasLeader = leader;
            String before = leaderId;
            leader = nowLeader;
            leaderId = owner;
            if (wasLeader != nowLeader || !java.util.Objects.equals(before, owner)) {
                if (nowLeader) {
                    log.info("Leadership of {} taken by {} (lease {} s)", getNamespace(), getId(), leaseTime.toSeconds());
                } else if (wasLeader) {
                    log.info("Leadership of {} lost by {}", getNamespace(), getId());
                }
                fireLeadershipChangedEvent(getLeader());
            }
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            if (leader) {
                return Optional.of(local);
            }
            String owner = leaderId;
            return owner == null ? Optional.empty() : Optional.of(new Member(owner, false));
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return local;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            List<CamelClusterMember> members = new ArrayList<>();
            members.add(local);
            getLeader().filter(m -> !m.isLocal()).ifPresent(members::add);
            return members;
        }

        private final class Member implements CamelClusterMember {
            private final String id;
            private final boolean isLocal;

            Member(String id, boolean isLocal) {
                this.id = id;
                this.isLocal = isLocal;
            }

            @Override
            public boolean isLeader() {
                return isLocal ? leader : id.equals(leaderId) && !leader;
            }

            @Override
            public boolean isLocal() {
                return isLocal;
            }

            @Override
            public String getId() {
                return id;
            }
        }
    }
}
