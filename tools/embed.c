/*
 * embed - turns files into a C source file of byte arrays.
 *
 *   embed NAME ROOT FILE...
 *
 * Writes to stdout a table `const struct embed_file NAME[]` (ended by a
 * zero entry) whose paths are the FILE names relative to ROOT, with a
 * leading "/". Used for the web UI (web/dist) and the SQL migrations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: embed NAME ROOT FILE...\n");
        return 2;
    }
    const char *name = argv[1], *root = argv[2];
    size_t rootlen = strlen(root);
    printf("#include \"core/embed.h\"\n\n");
    for (int i = 3; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        printf("static const unsigned char %s_%d[] = {", name, i);
        int c, n = 0;
        while ((c = fgetc(f)) != EOF)
            printf("%s%d,", (n++ % 24) ? "" : "\n", c);
        printf("0};\n");
        fclose(f);
    }
    printf("const struct embed_file %s[] = {\n", name);
    for (int i = 3; i < argc; i++) {
        const char *p = argv[i];
        if (strncmp(p, root, rootlen) == 0)
            p += rootlen;
        FILE *f = fopen(argv[i], "rb");
        fseek(f, 0, SEEK_END);
        long sz = ftell(f);
        fclose(f);
        printf("    {\"%s%s\", %s_%d, %ld},\n", p[0] == '/' ? "" : "/", p, name, i, sz);
    }
    printf("    {0, 0, 0}\n};\n");
    return 0;
}
