/* eslint-disable */
// @ts-nocheck
// Written by `npm run schema` (src/config/validator-code.ts) from the driver's settings schema: Ajv's standalone
// code, so that start-up compiles nothing. Do not edit.
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { schemaFormats as formats } from '../../schema-formats.js';
const require = createRequire(import.meta.url);

export const settings = validate10;
const schema11 = {"additionalProperties":false,"type":"object","properties":{"file":{"minLength":1,"description":"SQLite file; default <dataDir>/outrigger.db","type":"string"},"durability":{"description":"fsync: an acknowledged message survives power loss (default). os: survives a crash of the process, not of the machine.","anyOf":[{"const":"fsync","type":"string"},{"const":"os","type":"string"}]},"maxMessageBytes":{"minimum":1024,"maximum":67108864,"type":"integer"},"busyTimeoutMs":{"minimum":0,"maximum":600000,"description":"How long a write waits for another process holding the file lock (default 5000)","type":"integer"},"groupHeartbeatMs":{"minimum":10,"maximum":60000,"description":"Consumer-group heartbeat and partition-lease renewal interval (default 1000)","type":"integer"},"groupLeaseMs":{"minimum":30,"maximum":600000,"description":"How long a silent consumer-group member keeps its partitions (default 5000; at least twice groupHeartbeatMs)","type":"integer"},"sweepIntervalMs":{"minimum":10,"maximum":86400000,"description":"How often expired messages and events past retention are deleted (default 30000)","type":"integer"},"pollIntervalMs":{"minimum":1,"maximum":10000,"description":"How often waiting long-polls check for other processes' writes (default 20)","type":"integer"}}};
const func2 = require("ajv/dist/runtime/ucs2length").default;

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((((((((key0 === "file") || (key0 === "durability")) || (key0 === "maxMessageBytes")) || (key0 === "busyTimeoutMs")) || (key0 === "groupHeartbeatMs")) || (key0 === "groupLeaseMs")) || (key0 === "sweepIntervalMs")) || (key0 === "pollIntervalMs"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.file !== undefined){
let data0 = data.file;
if(typeof data0 !== "string"){
let dataType0 = typeof data0;
let coerced0 = undefined;
if(!(coerced0 !== undefined)){
if(dataType0 == "number" || dataType0 == "boolean"){
coerced0 = "" + data0;
}
else if(data0 === null){
coerced0 = "";
}
else {
const err1 = {instancePath:instancePath+"/file",schemaPath:"#/properties/file/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.file.type,parentSchema:schema11.properties.file,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(coerced0 !== undefined){
data0 = coerced0;
if(data !== undefined){
data["file"] = coerced0;
}
}
}
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err2 = {instancePath:instancePath+"/file",schemaPath:"#/properties/file/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.file,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
}
if(data.durability !== undefined){
let data1 = data.durability;
const _errs5 = errors;
let valid1 = false;
const _errs6 = errors;
if(typeof data1 !== "string"){
let dataType1 = typeof data1;
let coerced1 = undefined;
if(!(coerced1 !== undefined)){
if(dataType1 == "number" || dataType1 == "boolean"){
coerced1 = "" + data1;
}
else if(data1 === null){
coerced1 = "";
}
else {
const err3 = {instancePath:instancePath+"/durability",schemaPath:"#/properties/durability/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.durability.anyOf[0].type,parentSchema:schema11.properties.durability.anyOf[0],data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(coerced1 !== undefined){
data1 = coerced1;
if(data !== undefined){
data["durability"] = coerced1;
}
}
}
if("fsync" !== data1){
const err4 = {instancePath:instancePath+"/durability",schemaPath:"#/properties/durability/anyOf/0/const",keyword:"const",params:{allowedValue: "fsync"},message:"must be equal to constant",schema:"fsync",parentSchema:schema11.properties.durability.anyOf[0],data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
var _valid0 = _errs6 === errors;
valid1 = valid1 || _valid0;
if(!valid1){
const _errs8 = errors;
if(typeof data1 !== "string"){
let dataType2 = typeof data1;
let coerced2 = undefined;
if(!(coerced2 !== undefined)){
if(dataType2 == "number" || dataType2 == "boolean"){
coerced2 = "" + data1;
}
else if(data1 === null){
coerced2 = "";
}
else {
const err5 = {instancePath:instancePath+"/durability",schemaPath:"#/properties/durability/anyOf/1/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.durability.anyOf[1].type,parentSchema:schema11.properties.durability.anyOf[1],data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(coerced2 !== undefined){
data1 = coerced2;
if(data !== undefined){
data["durability"] = coerced2;
}
}
}
if("os" !== data1){
const err6 = {instancePath:instancePath+"/durability",schemaPath:"#/properties/durability/anyOf/1/const",keyword:"const",params:{allowedValue: "os"},message:"must be equal to constant",schema:"os",parentSchema:schema11.properties.durability.anyOf[1],data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
var _valid0 = _errs8 === errors;
valid1 = valid1 || _valid0;
}
if(!valid1){
const err7 = {instancePath:instancePath+"/durability",schemaPath:"#/properties/durability/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema11.properties.durability.anyOf,parentSchema:schema11.properties.durability,data:data1};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
else {
errors = _errs5;
if(vErrors !== null){
if(_errs5){
vErrors.length = _errs5;
}
else {
vErrors = null;
}
}
}
}
if(data.maxMessageBytes !== undefined){
let data2 = data.maxMessageBytes;
if(!(((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2))) && (isFinite(data2)))){
let dataType3 = typeof data2;
let coerced3 = undefined;
if(!(coerced3 !== undefined)){
if(dataType3 === "boolean" || data2 === null
              || (dataType3 === "string" && data2 && data2 == +data2 && !(data2 % 1))){
coerced3 = +data2;
}
else {
const err8 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.maxMessageBytes.type,parentSchema:schema11.properties.maxMessageBytes,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(coerced3 !== undefined){
data2 = coerced3;
if(data !== undefined){
data["maxMessageBytes"] = coerced3;
}
}
}
if((typeof data2 == "number") && (isFinite(data2))){
if(data2 > 67108864 || isNaN(data2)){
const err9 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/maximum",keyword:"maximum",params:{comparison: "<=", limit: 67108864},message:"must be <= 67108864",schema:67108864,parentSchema:schema11.properties.maxMessageBytes,data:data2};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(data2 < 1024 || isNaN(data2)){
const err10 = {instancePath:instancePath+"/maxMessageBytes",schemaPath:"#/properties/maxMessageBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024",schema:1024,parentSchema:schema11.properties.maxMessageBytes,data:data2};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
if(data.busyTimeoutMs !== undefined){
let data3 = data.busyTimeoutMs;
if(!(((typeof data3 == "number") && (!(data3 % 1) && !isNaN(data3))) && (isFinite(data3)))){
let dataType4 = typeof data3;
let coerced4 = undefined;
if(!(coerced4 !== undefined)){
if(dataType4 === "boolean" || data3 === null
              || (dataType4 === "string" && data3 && data3 == +data3 && !(data3 % 1))){
coerced4 = +data3;
}
else {
const err11 = {instancePath:instancePath+"/busyTimeoutMs",schemaPath:"#/properties/busyTimeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.busyTimeoutMs.type,parentSchema:schema11.properties.busyTimeoutMs,data:data3};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(coerced4 !== undefined){
data3 = coerced4;
if(data !== undefined){
data["busyTimeoutMs"] = coerced4;
}
}
}
if((typeof data3 == "number") && (isFinite(data3))){
if(data3 > 600000 || isNaN(data3)){
const err12 = {instancePath:instancePath+"/busyTimeoutMs",schemaPath:"#/properties/busyTimeoutMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema11.properties.busyTimeoutMs,data:data3};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(data3 < 0 || isNaN(data3)){
const err13 = {instancePath:instancePath+"/busyTimeoutMs",schemaPath:"#/properties/busyTimeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.busyTimeoutMs,data:data3};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
if(data.groupHeartbeatMs !== undefined){
let data4 = data.groupHeartbeatMs;
if(!(((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4))) && (isFinite(data4)))){
let dataType5 = typeof data4;
let coerced5 = undefined;
if(!(coerced5 !== undefined)){
if(dataType5 === "boolean" || data4 === null
              || (dataType5 === "string" && data4 && data4 == +data4 && !(data4 % 1))){
coerced5 = +data4;
}
else {
const err14 = {instancePath:instancePath+"/groupHeartbeatMs",schemaPath:"#/properties/groupHeartbeatMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.groupHeartbeatMs.type,parentSchema:schema11.properties.groupHeartbeatMs,data:data4};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(coerced5 !== undefined){
data4 = coerced5;
if(data !== undefined){
data["groupHeartbeatMs"] = coerced5;
}
}
}
if((typeof data4 == "number") && (isFinite(data4))){
if(data4 > 60000 || isNaN(data4)){
const err15 = {instancePath:instancePath+"/groupHeartbeatMs",schemaPath:"#/properties/groupHeartbeatMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 60000},message:"must be <= 60000",schema:60000,parentSchema:schema11.properties.groupHeartbeatMs,data:data4};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(data4 < 10 || isNaN(data4)){
const err16 = {instancePath:instancePath+"/groupHeartbeatMs",schemaPath:"#/properties/groupHeartbeatMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 10},message:"must be >= 10",schema:10,parentSchema:schema11.properties.groupHeartbeatMs,data:data4};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
if(data.groupLeaseMs !== undefined){
let data5 = data.groupLeaseMs;
if(!(((typeof data5 == "number") && (!(data5 % 1) && !isNaN(data5))) && (isFinite(data5)))){
let dataType6 = typeof data5;
let coerced6 = undefined;
if(!(coerced6 !== undefined)){
if(dataType6 === "boolean" || data5 === null
              || (dataType6 === "string" && data5 && data5 == +data5 && !(data5 % 1))){
coerced6 = +data5;
}
else {
const err17 = {instancePath:instancePath+"/groupLeaseMs",schemaPath:"#/properties/groupLeaseMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.groupLeaseMs.type,parentSchema:schema11.properties.groupLeaseMs,data:data5};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(coerced6 !== undefined){
data5 = coerced6;
if(data !== undefined){
data["groupLeaseMs"] = coerced6;
}
}
}
if((typeof data5 == "number") && (isFinite(data5))){
if(data5 > 600000 || isNaN(data5)){
const err18 = {instancePath:instancePath+"/groupLeaseMs",schemaPath:"#/properties/groupLeaseMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 600000},message:"must be <= 600000",schema:600000,parentSchema:schema11.properties.groupLeaseMs,data:data5};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(data5 < 30 || isNaN(data5)){
const err19 = {instancePath:instancePath+"/groupLeaseMs",schemaPath:"#/properties/groupLeaseMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 30},message:"must be >= 30",schema:30,parentSchema:schema11.properties.groupLeaseMs,data:data5};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
if(data.sweepIntervalMs !== undefined){
let data6 = data.sweepIntervalMs;
if(!(((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6))) && (isFinite(data6)))){
let dataType7 = typeof data6;
let coerced7 = undefined;
if(!(coerced7 !== undefined)){
if(dataType7 === "boolean" || data6 === null
              || (dataType7 === "string" && data6 && data6 == +data6 && !(data6 % 1))){
coerced7 = +data6;
}
else {
const err20 = {instancePath:instancePath+"/sweepIntervalMs",schemaPath:"#/properties/sweepIntervalMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.sweepIntervalMs.type,parentSchema:schema11.properties.sweepIntervalMs,data:data6};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(coerced7 !== undefined){
data6 = coerced7;
if(data !== undefined){
data["sweepIntervalMs"] = coerced7;
}
}
}
if((typeof data6 == "number") && (isFinite(data6))){
if(data6 > 86400000 || isNaN(data6)){
const err21 = {instancePath:instancePath+"/sweepIntervalMs",schemaPath:"#/properties/sweepIntervalMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 86400000},message:"must be <= 86400000",schema:86400000,parentSchema:schema11.properties.sweepIntervalMs,data:data6};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if(data6 < 10 || isNaN(data6)){
const err22 = {instancePath:instancePath+"/sweepIntervalMs",schemaPath:"#/properties/sweepIntervalMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 10},message:"must be >= 10",schema:10,parentSchema:schema11.properties.sweepIntervalMs,data:data6};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
}
if(data.pollIntervalMs !== undefined){
let data7 = data.pollIntervalMs;
if(!(((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7))) && (isFinite(data7)))){
let dataType8 = typeof data7;
let coerced8 = undefined;
if(!(coerced8 !== undefined)){
if(dataType8 === "boolean" || data7 === null
              || (dataType8 === "string" && data7 && data7 == +data7 && !(data7 % 1))){
coerced8 = +data7;
}
else {
const err23 = {instancePath:instancePath+"/pollIntervalMs",schemaPath:"#/properties/pollIntervalMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.pollIntervalMs.type,parentSchema:schema11.properties.pollIntervalMs,data:data7};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(coerced8 !== undefined){
data7 = coerced8;
if(data !== undefined){
data["pollIntervalMs"] = coerced8;
}
}
}
if((typeof data7 == "number") && (isFinite(data7))){
if(data7 > 10000 || isNaN(data7)){
const err24 = {instancePath:instancePath+"/pollIntervalMs",schemaPath:"#/properties/pollIntervalMs/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10000},message:"must be <= 10000",schema:10000,parentSchema:schema11.properties.pollIntervalMs,data:data7};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
if(data7 < 1 || isNaN(data7)){
const err25 = {instancePath:instancePath+"/pollIntervalMs",schemaPath:"#/properties/pollIntervalMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.pollIntervalMs,data:data7};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
}
}
else {
const err26 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}


/** The settings schema this validator was generated from, as JSON: it is used for that very schema only. */
export const generatedFrom = "{\"additionalProperties\":false,\"type\":\"object\",\"properties\":{\"file\":{\"minLength\":1,\"description\":\"SQLite file; default <dataDir>/outrigger.db\",\"type\":\"string\"},\"durability\":{\"description\":\"fsync: an acknowledged message survives power loss (default). os: survives a crash of the process, not of the machine.\",\"anyOf\":[{\"const\":\"fsync\",\"type\":\"string\"},{\"const\":\"os\",\"type\":\"string\"}]},\"maxMessageBytes\":{\"minimum\":1024,\"maximum\":67108864,\"type\":\"integer\"},\"busyTimeoutMs\":{\"minimum\":0,\"maximum\":600000,\"description\":\"How long a write waits for another process holding the file lock (default 5000)\",\"type\":\"integer\"},\"groupHeartbeatMs\":{\"minimum\":10,\"maximum\":60000,\"description\":\"Consumer-group heartbeat and partition-lease renewal interval (default 1000)\",\"type\":\"integer\"},\"groupLeaseMs\":{\"minimum\":30,\"maximum\":600000,\"description\":\"How long a silent consumer-group member keeps its partitions (default 5000; at least twice groupHeartbeatMs)\",\"type\":\"integer\"},\"sweepIntervalMs\":{\"minimum\":10,\"maximum\":86400000,\"description\":\"How often expired messages and events past retention are deleted (default 30000)\",\"type\":\"integer\"},\"pollIntervalMs\":{\"minimum\":1,\"maximum\":10000,\"description\":\"How often waiting long-polls check for other processes' writes (default 20)\",\"type\":\"integer\"}}}";

/** The driver's settings validator. */
export const settingsValidator: ValidateFunction = settings;
