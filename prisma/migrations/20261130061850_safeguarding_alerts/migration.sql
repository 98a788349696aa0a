-- CreateTable
CREATE TABLE "SafeguardingAlert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "childId" INTEGER NOT NULL,
    "raisedById" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "note" TEXT,
    "raisedAt" DATETIME NOT NULL,
    "guardianInformedAt" DATETIME,
    "parentsInformedAt" DATETIME,
    "resolvedAt" DATETIME,
    CONSTRAINT "SafeguardingAlert_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SafeguardingAlert_raisedById_fkey" FOREIGN KEY ("raisedById") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SafeguardingAlert_resolvedAt_idx" ON "SafeguardingAlert"("resolvedAt");
