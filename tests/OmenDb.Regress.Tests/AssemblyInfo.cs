// Every test class here starts its own server and runs psql against it: on two shared cores,
// running the classes one after the other is faster and keeps script timings honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
