using System.Reflection;
using System.Runtime.CompilerServices;

namespace SessionGrid.Benchmarks.Memory;

/// <summary>
/// Sizes every object reachable from some roots, by type: a poor man's heap dump (no dump tooling is
/// available where this runs). Two walks around an action, subtracted, say where its bytes went.
/// </summary>
/// <remarks>
/// Object sizes come from the runtime's own <c>RuntimeHelpers.GetRawObjectDataSize</c> (internal,
/// reached by reflection) plus the header and method table pointer, rounded up to 8 as the GC lays
/// objects out. Reflection metadata (types, members, assemblies) is shared by the process and
/// neither counted nor followed.
/// </remarks>
internal sealed class ObjectGraphWalker
{
    private static readonly Func<object, nuint>? s_rawSize = CreateRawSize();
    private static readonly MethodInfo s_containsReferences = typeof(RuntimeHelpers).GetMethod(nameof(RuntimeHelpers.IsReferenceOrContainsReferences))!;

    private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);
    private readonly Stack<object> _pending = new();
    private readonly Dictionary<Type, FieldInfo[]> _fields = [];
    private readonly Dictionary<Type, bool> _hasReferences = [];
    private readonly Dictionary<Type, TypeTally> _tally = [];

    /// <summary>False where the runtime does not expose object sizes (not CoreCLR).</summary>
    public static bool IsSupported => s_rawSize is not null;

    /// <summary>Bytes and object counts by type of everything reachable from <paramref name="roots"/>.</summary>
    public static IReadOnlyDictionary<Type, TypeTally> Walk(params object[] roots)
    {
        if (s_rawSize is null)
        {
            throw new NotSupportedException("This runtime does not expose RuntimeHelpers.GetRawObjectDataSize; the breakdown needs CoreCLR.");
        }

        var walker = new ObjectGraphWalker();
        foreach (var root in roots)
        {
            walker._pending.Push(root);
        }

        walker.Run(s_rawSize);
        return walker._tally;
    }

    private void Run(Func<object, nuint> rawSize)
    {
        while (_pending.TryPop(out var item))
        {
            if (IsMetadata(item) || !_seen.Add(item))
            {
                continue;
            }

            var type = item.GetType();
            var size = ((long)rawSize(item) + (2 * IntPtr.Size) + 7) & ~7L;
            _tally[type] = _tally.TryGetValue(type, out var tally) ? tally.Add(size) : new TypeTally(1, size);
            if (item is Array array)
            {
                PushElements(array);
            }
            else
            {
                PushFields(item, type);
            }
        }
    }

    private void PushElements(Array array)
    {
        var element = array.GetType().GetElementType()!;
        if (!HasReferences(element) || array.Rank != 1)
        {
            return;
        }

        for (var i = 0; i < array.Length; i++)
        {
            var value = array.GetValue(i);
            if (value is null)
            {
                continue;
            }

            if (element.IsValueType)
            {
                PushFields(value, value.GetType());
            }
            else
            {
                _pending.Push(value);
            }
        }
    }

    // For a struct, `item` is a boxed copy: its fields are followed, the box is not counted.
    private void PushFields(object item, Type type)
    {
        foreach (var field in FieldsWithReferences(type))
        {
            var value = field.GetValue(item);
            if (value is null)
            {
                continue;
            }

            if (field.FieldType.IsValueType)
            {
                // The box's own type: a boxed Nullable<T> is a boxed T.
                PushFields(value, value.GetType());
            }
            else
            {
                _pending.Push(value);
            }
        }
    }

    private FieldInfo[] FieldsWithReferences(Type type)
    {
        if (_fields.TryGetValue(type, out var cached))
        {
            return cached;
        }

        var fields = new List<FieldInfo>();
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                var fieldType = field.FieldType;
                if (!fieldType.IsPointer && !fieldType.IsFunctionPointer && !fieldType.IsByRefLike && HasReferences(fieldType))
                {
                    fields.Add(field);
                }
            }
        }

        return _fields[type] = [.. fields];
    }

    private bool HasReferences(Type type)
    {
        if (type.IsPointer || type.IsFunctionPointer)
        {
            return false;
        }

        if (!type.IsValueType)
        {
            return true;
        }

        if (type.IsPrimitive || type.IsEnum)
        {
            return false;
        }

        if (!_hasReferences.TryGetValue(type, out var result))
        {
            result = type.IsGenericTypeDefinition || (bool)s_containsReferences.MakeGenericMethod(type).Invoke(null, null)!;
            _hasReferences[type] = result;
        }

        return result;
    }

    private static bool IsMetadata(object item) => item is MemberInfo or Assembly or Module or ParameterInfo;

    private static Func<object, nuint>? CreateRawSize()
    {
        var method = typeof(RuntimeHelpers).GetMethod("GetRawObjectDataSize", BindingFlags.Static | BindingFlags.NonPublic, [typeof(object)]);
        return method is null || method.ReturnType != typeof(nuint) ? null : method.CreateDelegate<Func<object, nuint>>();
    }
}
