namespace SessionGrid.Runtime.Core;

/// <summary>
/// A small pool of reusable work items of one type: a per-thread slot (a caller usually rents and
/// returns on the same thread, since it returns from its own continuation) backed by a shared array.
/// </summary>
internal static class WorkItemPool<T>
    where T : class, new()
{
    [ThreadStatic]
    private static T? t_item;

    private static readonly T?[] s_items = new T?[Math.Max(16, Environment.ProcessorCount * 8)];

    public static T Rent()
    {
        var item = t_item;
        if (item is not null)
        {
            t_item = null;
            return item;
        }

        var items = s_items;
        for (var i = 0; i < items.Length; i++)
        {
            item = items[i];
            if (item is not null && Interlocked.CompareExchange(ref items[i], null, item) == item)
            {
                return item;
            }
        }

        return new T();
    }

    public static void Return(T item)
    {
        if (t_item is null)
        {
            t_item = item;
            return;
        }

        var items = s_items;
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is null && Interlocked.CompareExchange(ref items[i], item, null) is null)
            {
                return;
            }
        }

        // Full: more calls in flight than the pool keeps; the GC takes this one.
    }
}
