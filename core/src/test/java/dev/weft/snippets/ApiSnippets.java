// SPDX-License-Identifier: Apache-2.0
package dev.weft.snippets;

import dev.weft.AsCompleted;
import dev.weft.Barrier;
import dev.weft.BoundedSemaphore;
import dev.weft.Condition;
import dev.weft.ContextPropagator;
import dev.weft.Event;
import dev.weft.TaskTree;
import dev.weft.Guard;
import dev.weft.LifoQueue;
import dev.weft.Lock;
import dev.weft.PriorityQueue;
import dev.weft.Queue;
import dev.weft.QueueShutdownException;
import dev.weft.RLock;
import dev.weft.Result;
import dev.weft.Semaphore;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The code of every {@code {@snippet}} in the Javadoc of {@code dev.weft}, compiled with the
 * tests. Each Javadoc snippet is a hybrid one, {@code {@snippet class=dev.weft.snippets.ApiSnippets
 * region=Name : ...}}: javadoc (run by every {@code verify}, see core/pom.xml) fails if its inline
 * text is not exactly the region of that name here, so the examples in the docs always compile
 * against the real API. {@link ApiSnippetsTest} also runs the ones that finish on their own.
 *
 * <p>Edit a snippet in both places. What a snippet leaves undeclared (a {@code fetch} method, a
 * {@code lock} field) is declared below, plainly, as a reader would imagine it.
 */
@SuppressWarnings({"unused", "try", "StatementWithEmptyBody"})
class ApiSnippets {

    // ---- what the snippets take as given ----

    final Lock lock = new Lock();
    final Deque<String> items = new ArrayDeque<>();
    final List<String> seed = List.of("https://example.com/a", "https://example.com/b");
    final List<String> urls = seed;
    final List<Callable<String>> calls = List.of(() -> "a", () -> {
        throw new IOException("b failed");
    });
    String x = "x";
    String item;
    String config;
    int counter;
    long balance;
    long amount = 10;

    static String fetch(String url) throws IOException {
        return "<html>" + url + "</html>";
    }

    void use(String page) {}

    void report(Throwable failure) {}

    void prepare() {}

    String run(int index) {
        return "ran " + index;
    }

    String serve() {
        return config;
    }

    String load() {
        return "config";
    }

    void update() {}

    // ---- what the second-wave snippets take as given ----

    /** A request context kept in a ThreadLocal, as a service keeps one. */
    static final class RequestContext {
        private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

        static RequestContext current() {
            return CURRENT.get();
        }

        static void set(RequestContext c) {
            CURRENT.set(c);
        }
    }

    /** Code that already takes a java.util.concurrent lock or queue. */
    static final class Legacy {
        void setLock(java.util.concurrent.locks.Lock lock) {}

        void start(java.util.concurrent.BlockingQueue<Job> queue) {}
    }

    record Job(String name) {}

    record Report(String data, String page) {}

    final Legacy legacyCache = new Legacy();
    final Legacy legacyProducer = new Legacy();
    final java.util.Map<String, String> cache = new java.util.concurrent.ConcurrentHashMap<>();
    final String url = seed.get(0);
    final String id = "42";
    final HttpClient client = HttpClient.newHttpClient();
    final java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:1/"))
            .build();
    final Ledger ledger = new Ledger();

    static final class Ledger {
        void rollBack() {}
    }

    void process(Job job) {}

    void work() {}

    String load(String key) {
        return key;
    }

    // ---- the snippets, in the order of the API's main types ----
    // A region opens with the start marker at the end of its first line and closes with the end
    // marker alone on the line after its last: then its text is exactly the inline text (a
    // marker alone on a line would leave a blank line in the region).

    /** The example of {@link dev.weft.TaskGroup}. */
    void taskGroup() throws Exception {
        List<String> pages = TaskGroup.run(tg -> { // @start region=TaskGroup
            Task<String> a = tg.fork("a", () -> fetch("a"));
            Task<String> b = tg.fork("b", () -> fetch("b"));
            return List.of(a.join(), b.join());
        });

        try (var tg = TaskGroup.open()) {
            tg.fork(() -> fetch("c"));
            tg.join();
        }
        // @end
    }

    /** The example of {@link dev.weft.Task}. */
    void task() throws Exception {
        int total = TaskGroup.run(tg -> { // @start region=Task
            Task<Integer> a = tg.fork("a", () -> 20);
            Task<Integer> b = tg.fork("b", () -> 22);
            return a.join() + b.join();
        });
        // @end
    }

    /** The example of {@link dev.weft.AsCompleted}. */
    void asCompleted() throws Exception {
        try (var done = Weft.asCompleted(() -> fetch("a"), () -> fetch("b"))) { // @start region=AsCompleted
            while (done.hasNext()) {
                Task<String> t = done.next();
                if (t.state() == Future.State.SUCCESS) use(t.resultNow());
                else report(t.exceptionNow());
            }
        }
        // @end
    }

    /** The example of {@link dev.weft.Result}. */
    void result() throws Exception {
        for (Result<String> r : Weft.gatherSettled(calls)) { // @start region=Result
            switch (r) {
                case Result.Success<String> s -> System.out.println("ok: " + s.value());
                case Result.Failure<String> f -> System.out.println("failed: " + f.error());
            }
        }
        // @end
    }

    /** The example of {@link dev.weft.Lock}. */
    void lock() throws Exception {
        Lock lock = new Lock(); // @start region=Lock
        try (Guard g = lock.hold()) {   // async with lock:
            balance += amount;
        }
        // @end
    }

    /** The example of {@link dev.weft.RLock}. */
    void rLock() throws Exception {
        RLock lock = new RLock(); // @start region=RLock
        try (Guard outer = lock.hold()) {
            try (Guard inner = lock.hold()) {   // same task: hold count 2
                update();
            }
        }                                       // released when the count returns to 0
        // @end
    }

    /** The example of {@link dev.weft.Guard}. */
    void guard() throws Exception {
        try (Guard g = lock.hold()) { // @start region=Guard
            counter++;
        }
        // @end
    }

    /** The example of {@link dev.weft.Condition}. */
    void condition() throws Exception {
        Lock lock = new Lock(); // @start region=Condition
        Condition notEmpty = new Condition(lock);

        // a consumer task
        try (Guard g = lock.hold()) {
            notEmpty.awaitUntil(() -> !items.isEmpty());
            item = items.remove();
        }

        // a producer task
        try (Guard g = lock.hold()) {
            items.add(x);
            notEmpty.signal();
        }
        // @end
    }

    /** The example of {@link dev.weft.Event}. */
    void event() throws Exception {
        Event ready = new Event(); // @start region=Event
        TaskGroup.run(tg -> {
            tg.fork(() -> { ready.await(); return serve(); });   // await ready.wait()
            config = load();
            ready.set();                                          // config is visible to the waiter
            return null;
        });
        // @end
    }

    /** The example of {@link dev.weft.TaskTree}. */
    void taskTree() {
        TaskTree tree = Weft.taskTree(); // @start region=TaskTree
        System.out.println(tree);          // the tree, drawn as asyncio pstree draws it
        String json = tree.toJson();       // the same, as JSON, for tools
        // @end
        System.out.println(json);
    }

    /** The example of {@link dev.weft.Semaphore}. */
    void semaphore() throws Exception {
        Semaphore limit = new Semaphore(10);          // at most 10 requests in flight // @start region=Semaphore
        TaskGroup.run(tg -> {
            for (String url : urls) {
                tg.fork(() -> {
                    try (Guard g = limit.hold()) {      // async with limit:
                        return fetch(url);
                    }
                });
            }
            return null;
        });
        // @end
    }

    /** The example of {@link dev.weft.BoundedSemaphore}. */
    void boundedSemaphore() throws Exception {
        BoundedSemaphore pool = new BoundedSemaphore(4); // @start region=BoundedSemaphore
        pool.acquire();
        pool.release();
        pool.release();   // throws IllegalStateException: would exceed 4 free permits
        // @end
    }

    /** The example of {@link dev.weft.Barrier}. */
    void barrier() throws Exception {
        Barrier start = new Barrier(3); // @start region=Barrier
        TaskGroup.run(tg -> {
            for (int i = 0; i < 3; i++) {
                tg.fork(() -> {
                    prepare();
                    int index = start.await();   // all three continue together
                    return run(index);
                });
            }
            return null;
        });
        // @end
    }

    /** The example of {@link dev.weft.Queue}. */
    void queue() throws Exception {
        Queue<String> urls = new Queue<>(100);           // bounded: put blocks at 100 // @start region=Queue
        TaskGroup.run(tg -> {
            for (int i = 0; i < 4; i++) {
                tg.fork(() -> {
                    while (true) {
                        String url;
                        try {
                            url = urls.get();             // blocks while empty
                        } catch (QueueShutdownException e) {
                            return null;                  // shut down and drained: done
                        }
                        try {
                            fetch(url);
                        } finally {
                            urls.taskDone();
                        }
                    }
                });
            }
            for (String url : seed) {
                urls.put(url);
            }
            urls.join();                                  // every url fetched
            urls.shutdown();                              // workers drain and return
            return null;
        });
        // @end
    }

    /** The example of {@link dev.weft.PriorityQueue}. */
    void priorityQueue() throws Exception {
        record Job(int priority, String name) {} // @start region=PriorityQueue
        PriorityQueue<Job> jobs = new PriorityQueue<>(Comparator.comparingInt(Job::priority));
        jobs.put(new Job(2, "index"));
        jobs.put(new Job(1, "backup"));
        jobs.put(new Job(1, "alert"));
        jobs.get(); // backup: priority 1, put first
        jobs.get(); // alert
        jobs.get(); // index
        // @end
    }

    /** The example of {@link dev.weft.LifoQueue}. */
    void lifoQueue() throws Exception {
        LifoQueue<String> undo = new LifoQueue<>(); // @start region=LifoQueue
        undo.put("type a");
        undo.put("type b");
        undo.get(); // "type b"
        // @end
    }

    /** The example of {@link dev.weft.ContextPropagator}. */
    void contextPropagator() {
        Weft.addContextPropagator(new ContextPropagator() { // @start region=ContextPropagator
            public Object capture() {
                return RequestContext.current(); // in the forking thread
            }

            public Restored restore(Object captured) {
                RequestContext previous = RequestContext.current();
                RequestContext.set((RequestContext) captured); // in the task's thread
                return () -> RequestContext.set(previous); // after the body
            }
        });
        // @end
    }

    /** The example of {@link dev.weft.Lock#asJavaLock()}. */
    void lockAsJavaLock() throws Exception {
        Lock lock = new Lock(); // @start region=LockAsJavaLock
        java.util.concurrent.locks.Lock juc = lock.asJavaLock();
        legacyCache.setLock(juc); // code that calls juc.lock() / juc.unlock()
        try (Guard g = lock.hold()) { // Weft code guarding the same state
            update();
        }
        // @end
    }

    /** The example of {@link dev.weft.RLock#asJavaLock()}. */
    void rlockAsJavaLock() throws Exception {
        RLock rlock = new RLock(); // @start region=RLockAsJavaLock
        java.util.concurrent.locks.Lock juc = rlock.asJavaLock();
        legacyCache.setLock(juc); // code that calls juc.lock() / juc.unlock()
        try (Guard g = rlock.hold()) { // Weft code guarding the same state
            update();
        }
        // @end
    }

    /** The example of {@link dev.weft.Queue#asBlockingQueue()}. */
    void queueAsBlockingQueue() throws Exception {
        Queue<Job> jobs = new Queue<>(100); // @start region=QueueAsBlockingQueue
        legacyProducer.start(jobs.asBlockingQueue()); // calls put(...) from its own threads
        TaskGroup.run(tg -> {
            tg.fork(() -> {
                while (true) {
                    process(jobs.get()); // Weft side: get(), cancellable
                }
            });
            return null;
        });
        // @end
    }

    /** The example of {@link dev.weft.Task#toCompletableFuture()}. */
    void taskToCompletableFuture() throws Exception {
        TaskGroup.run(tg -> {
            java.util.concurrent.CompletableFuture<String> page = // @start region=TaskToCompletableFuture
                    tg.fork(() -> fetch(url)).toCompletableFuture();
            page.thenAccept(p -> cache.put(url, p));
            // @end
            return null;
        });
    }

    /** The example of {@link dev.weft.TaskGroup#asExecutorService()}. */
    void taskGroupAsExecutorService() throws Exception {
        Report report = TaskGroup.run(tg -> { // @start region=TaskGroupAsExecutorService
            ExecutorService executor = tg.asExecutorService();
            try (HttpClient client = HttpClient.newBuilder().executor(executor).build()) {
                CompletableFuture<String> page = client.sendAsync(request, BodyHandlers.ofString())
                        .thenApplyAsync(HttpResponse::body, executor);  // a task of tg
                CompletableFuture<Report> r = CompletableFuture
                        .supplyAsync(() -> load(id), executor)          // another one
                        .thenCombine(page, Report::new);
                return Weft.join(r);    // cancelling tg cancels these tasks and the request
            }
        });
        // @end
    }

    /** The example of {@link dev.weft.Weft#join(java.util.concurrent.CompletionStage)}. */
    void weftJoin() throws Exception {
        HttpResponse<String> r = // @start region=WeftJoin
                Weft.join(client.sendAsync(request, BodyHandlers.ofString()));
        // @end
    }

    /** The example of {@link dev.weft.Weft#cleanup(java.time.Duration, dev.weft.Block)}. */
    void weftCleanup() throws Exception {
        try { // @start region=WeftCleanup
            work();
        } finally {
            Weft.cleanup(java.time.Duration.ofSeconds(1), () -> {
                lock.acquire(); // would throw at once in a cancelled task
                try {
                    ledger.rollBack();
                } finally {
                    lock.release();
                }
                return null;
            });
        }
        // @end
    }
}
