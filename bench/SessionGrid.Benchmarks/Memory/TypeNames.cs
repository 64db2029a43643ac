namespace SessionGrid.Benchmarks.Memory;

/// <summary>C#-like type names for reports: <c>Dictionary&lt;GrainId, ActivationData&gt;.Entry[]</c>, not CLR backtick names.</summary>
internal static class TypeNames
{
    public static string Friendly(Type type)
    {
        if (type.IsArray)
        {
            return Friendly(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        // Generic arguments of a nested type belong to its declaring type: show them there.
        var arguments = type.IsGenericType ? type.GetGenericArguments() : [];
        if (type.IsNested && type.DeclaringType is { } outer)
        {
            var outerArity = outer.IsGenericTypeDefinition ? outer.GetGenericArguments().Length : 0;
            var outerName = outerArity > 0 ? Friendly(outer.MakeGenericType(arguments[..outerArity])) : Friendly(outer);
            return outerName + "." + WithArguments(name, arguments[outerArity..]);
        }

        return WithArguments(name, arguments);
    }

    private static string WithArguments(string name, Type[] arguments)
        => arguments.Length == 0 ? name : $"{name}<{string.Join(", ", arguments.Select(Friendly))}>";
}
