using Notify.Ingest;

var app = IngestApplication.Create(args);
app.Run();
