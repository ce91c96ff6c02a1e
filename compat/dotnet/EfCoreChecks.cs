using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace OmenDb.Compat.Dotnet;

/// <summary>A blog with posts; <see cref="Version"/> is the optimistic-concurrency token.</summary>
internal sealed class Blog
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string? Url { get; set; }

    public decimal Rating { get; set; }

    public DateTime CreatedAt { get; set; }

    public Guid Version { get; set; }

    public List<Post> Posts { get; set; } = [];
}

/// <summary>A post of a blog (deleted with it: ON DELETE CASCADE).</summary>
internal sealed class Post
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    public int BlogId { get; set; }

    public Blog? Blog { get; set; }

    public DateTime? PublishedOn { get; set; }
}

/// <summary>The context EnsureCreated builds.</summary>
internal sealed class BloggingContext(string connectionString) : DbContext
{
    public DbSet<Blog> Blogs => Set<Blog>();

    public DbSet<Post> Posts => Set<Post>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseNpgsql(connectionString);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Blog>(b =>
        {
            b.Property(x => x.Name).HasMaxLength(100);
            b.Property(x => x.Rating).HasPrecision(4, 2);
            b.Property(x => x.Version).IsConcurrencyToken();
            b.HasIndex(x => x.Name).IsUnique();
        });
        modelBuilder.Entity<Post>().HasOne(p => p.Blog).WithMany(b => b.Posts).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A tag, created by the hand-written migration below.</summary>
internal sealed class Tag
{
    public long Id { get; set; }

    public string Label { get; set; } = "";
}

/// <summary>The context Migrate() builds.</summary>
internal sealed class MigratedContext(string connectionString) : DbContext
{
    public DbSet<Tag> Tags => Set<Tag>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
        => optionsBuilder.UseNpgsql(connectionString)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)); // no model snapshot: written by hand
}

/// <summary>The one migration: a table with an identity key and a unique index, plus a row of data.</summary>
[DbContext(typeof(MigratedContext))]
[Migration("20250101000000_InitialTags")]
internal sealed class InitialTags : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Tags",
            columns: table => new
            {
                Id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Label = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Tags", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_Tags_Label", table: "Tags", column: "Label", unique: true);
        migrationBuilder.InsertData(table: "Tags", columns: ["Label"], columnTypes: ["character varying(40)"], values: ["seed"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "Tags");
}

/// <summary>
/// EF Core 10 with Npgsql.EntityFrameworkCore.PostgreSQL 10: EnsureDeleted/EnsureCreated (CREATE/DROP DATABASE, 3D000
/// for a missing database), Migrate() twice, LINQ (Where/OrderBy/Skip/Take/Include/GroupBy/Any/Count), SaveChanges
/// with identity keys and RETURNING, and optimistic concurrency through a concurrency-token column.
/// </summary>
internal static class EfCoreChecks
{
    public static async Task RunAsync(Checks checks, Target target)
    {
        var database = "cn_ef_" + target.Suffix;
        var connectionString = target.ForDatabase(database);
        try
        {
            await checks.RunAsync("efcore EnsureDeleted/EnsureCreated", async () =>
            {
                await using var context = new BloggingContext(connectionString);
                Expect.Equal(false, await context.Database.EnsureDeletedAsync(), "EnsureDeleted of a missing database");
                Expect.Equal(true, await context.Database.EnsureCreatedAsync(), "EnsureCreated creates the database");
                Expect.Equal(false, await context.Database.EnsureCreatedAsync(), "EnsureCreated again (HasTables)");
                Expect.Equal(0, await context.Blogs.CountAsync(), "empty table");
            });
            await checks.RunAsync("efcore SaveChanges with identity keys", () => SaveChangesAsync(connectionString));
            await checks.RunAsync("efcore LINQ queries", () => LinqAsync(connectionString));
            await checks.RunAsync("efcore optimistic concurrency", () => ConcurrencyAsync(connectionString));
            await checks.RunAsync("efcore update and delete", () => UpdateDeleteAsync(connectionString));
            await checks.RunAsync("efcore migration applied twice", async () =>
            {
                await using (var context = new BloggingContext(connectionString))
                {
                    Expect.Equal(true, await context.Database.EnsureDeletedAsync(), "EnsureDeleted of an existing database");
                }

                for (var run = 1; run <= 2; run++)
                {
                    await using var context = new MigratedContext(connectionString);
                    await context.Database.MigrateAsync();
                    Expect.Equal(new[] { "20250101000000_InitialTags" }, await context.Database.GetAppliedMigrationsAsync(), $"applied after run {run}");
                    Expect.Equal(Array.Empty<string>(), await context.Database.GetPendingMigrationsAsync(), $"pending after run {run}");
                    Expect.Equal(new[] { "seed" }, await context.Tags.Select(t => t.Label).ToListAsync(), $"seed row after run {run}");
                }

                await using var check = new MigratedContext(connectionString);
                check.Tags.Add(new Tag { Label = "second" });
                await check.SaveChangesAsync();
                Expect.Equal(2L, (await check.Tags.SingleAsync(t => t.Label == "second")).Id, "identity after the seeded row");
            });
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(target.ConnectionString);
            await connection.OpenAsync();
            await NpgsqlChecks.ExecuteAsync(connection, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static readonly DateTime s_start = new(2025, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    private static async Task SaveChangesAsync(string connectionString)
    {
        await using var context = new BloggingContext(connectionString);
        var blogs = Enumerable.Range(1, 5).Select(i => new Blog
        {
            Name = $"blog {i}",
            Url = i % 2 == 0 ? null : $"https://b{i}.example",
            Rating = i * 1.25m,
            CreatedAt = s_start.AddDays(i),
            Version = Guid.NewGuid(),
            Posts = [.. Enumerable.Range(1, i).Select(j => new Post { Title = $"post {i}.{j}", PublishedOn = j % 2 == 0 ? null : s_start.AddHours(j) })],
        }).ToList();
        context.Blogs.AddRange(blogs);
        Expect.Equal(5 + 15, await context.SaveChangesAsync(), "rows saved");
        Expect.Equal(new[] { 1, 2, 3, 4, 5 }, blogs.Select(b => b.Id), "identity keys read back through RETURNING");
        Expect.True(blogs.SelectMany(b => b.Posts).All(p => p.Id > 0 && p.BlogId == p.Blog!.Id), "post keys and foreign keys");
        Expect.Equal(15, blogs.SelectMany(b => b.Posts).Select(p => p.Id).Distinct().Count(), "distinct post keys");
    }

    private static async Task LinqAsync(string connectionString)
    {
        await using var context = new BloggingContext(connectionString);
        var names = await context.Blogs.Where(b => b.Name.StartsWith("blog") && b.Rating > 2m).OrderByDescending(b => b.Rating)
            .Select(b => b.Name).ToListAsync();
        Expect.Equal(new[] { "blog 5", "blog 4", "blog 3", "blog 2" }, names, "Where/OrderByDescending");
        var page = await context.Blogs.OrderBy(b => b.Id).Skip(1).Take(2).Select(b => b.Id).ToListAsync();
        Expect.Equal(new[] { 2, 3 }, page, "Skip/Take");
        var search = "og 3";
        Expect.Equal(1, await context.Blogs.CountAsync(b => b.Name.Contains(search)), "Contains with a parameter");
        var since = s_start.AddDays(3);
        Expect.Equal(3, await context.Blogs.CountAsync(b => b.CreatedAt >= since), "timestamptz parameter");
        Expect.Equal(2, await context.Blogs.CountAsync(b => b.Url == null), "IS NULL");
        var withPosts = await context.Blogs.Include(b => b.Posts).Where(b => b.Id <= 3).OrderBy(b => b.Id).AsNoTracking().ToListAsync();
        Expect.Equal(new[] { 1, 2, 3 }, withPosts.Select(b => b.Posts.Count), "Include");
        Expect.Equal("post 3.2", withPosts[2].Posts.OrderBy(p => p.Id).ElementAt(1).Title, "included post");
        var groups = await context.Posts.GroupBy(p => p.BlogId).Select(g => new { g.Key, Count = g.Count(), Published = g.Count(p => p.PublishedOn != null) })
            .OrderBy(g => g.Key).ToListAsync();
        Expect.Equal(new[] { "1:1:1", "2:2:1", "3:3:2", "4:4:2", "5:5:3" }, groups.Select(g => $"{g.Key}:{g.Count}:{g.Published}"), "GroupBy");
        Expect.Equal(true, await context.Blogs.AnyAsync(b => b.Posts.Any(p => p.Title == "post 5.5")), "Any over a navigation");
        Expect.Equal(false, await context.Blogs.AnyAsync(b => b.Rating > 100m), "Any without a match");
        Expect.Equal(15, await context.Posts.CountAsync(), "Count");
        var projected = await context.Posts.Where(p => p.Blog!.Name == "blog 2").OrderBy(p => p.Title).Select(p => new { p.Title, Blog = p.Blog!.Name })
            .FirstAsync();
        Expect.Equal(("post 2.1", "blog 2"), (projected.Title, projected.Blog), "join through a navigation");
        var average = await context.Blogs.AverageAsync(b => b.Rating);
        Expect.Equal(3.75m, average, "Average of numeric");
    }

    private static async Task ConcurrencyAsync(string connectionString)
    {
        await using var first = new BloggingContext(connectionString);
        await using var second = new BloggingContext(connectionString);
        var a = await first.Blogs.SingleAsync(b => b.Id == 1);
        var b = await second.Blogs.SingleAsync(b => b.Id == 1);
        a.Name = "renamed by first";
        a.Version = Guid.NewGuid();
        Expect.Equal(1, await first.SaveChangesAsync(), "first update");
        b.Name = "renamed by second";
        b.Version = Guid.NewGuid();
        try
        {
            await second.SaveChangesAsync();
            throw new MismatchException("the second update did not see the first one");
        }
        catch (DbUpdateConcurrencyException)
        {
        }

        await using var check = new BloggingContext(connectionString);
        Expect.Equal("renamed by first", (await check.Blogs.SingleAsync(x => x.Id == 1)).Name, "the first update wins");
    }

    private static async Task UpdateDeleteAsync(string connectionString)
    {
        await using (var context = new BloggingContext(connectionString))
        {
            var blog = await context.Blogs.Include(b => b.Posts).SingleAsync(b => b.Id == 4);
            blog.Rating = 9.99m;
            blog.Posts[0].Title = "edited";
            blog.Posts.RemoveAt(blog.Posts.Count - 1);
            context.Posts.Add(new Post { Title = "added", Blog = blog });
            Expect.Equal(4, await context.SaveChangesAsync(), "update, update, delete, insert");
            context.Blogs.Remove(await context.Blogs.SingleAsync(b => b.Id == 5));
            Expect.Equal(1, await context.SaveChangesAsync(), "delete of a blog (its posts go by cascade)");
            Expect.Equal(3, await context.Blogs.Where(b => b.Id < 4).ExecuteUpdateAsync(s => s.SetProperty(b => b.Rating, b => b.Rating + 1)),
                "ExecuteUpdate");
            Expect.Equal(1, await context.Posts.Where(p => p.Title == "edited").ExecuteDeleteAsync(), "ExecuteDelete");
        }

        await using var check = new BloggingContext(connectionString);
        Expect.Equal(4, await check.Blogs.CountAsync(), "blogs left");
        Expect.Equal(0, await check.Posts.CountAsync(p => p.BlogId == 5), "posts deleted by cascade");
        Expect.Equal(new[] { "added", "post 4.2", "post 4.3" }, await check.Posts.Where(p => p.BlogId == 4).OrderBy(p => p.Title).Select(p => p.Title).ToListAsync(),
            "posts of blog 4");
        Expect.Equal(9.99m, (await check.Blogs.SingleAsync(b => b.Id == 4)).Rating, "updated rating");
        await Expect.SqlStateAsync("23505", async () =>
        {
            check.Blogs.Add(new Blog { Name = "blog 2", CreatedAt = s_start, Version = Guid.NewGuid() });
            await check.SaveChangesAsync();
        }, "unique index on Name");
    }
}
